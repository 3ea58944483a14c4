package io.roomwire.chat;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Carries operators' commands to the connections of other nodes (disconnect, notices to everyone)
 * and lets each node see the others' connections. On one node there are no others ({@link #LOCAL}).
 * Commands and snapshots are opaque text the gateway writes and reads. Thread-safe.
 */
public interface OperatorRelay {

    OperatorRelay LOCAL = new OperatorRelay() {
        @Override
        public void broadcast(String command) {
        }

        @Override
        public void onCommand(Consumer<String> handler) {
        }

        @Override
        public void shareConnections(Supplier<String> snapshot) {
        }

        @Override
        public List<String> otherNodesConnections() {
            return List.of();
        }
    };

    /** Sends a command to every other node. */
    void broadcast(String command);

    /** The one handler of commands from other nodes. */
    void onCommand(Consumer<String> handler);

    /** Where this node's connection snapshot comes from; published periodically for the others. */
    void shareConnections(Supplier<String> snapshot);

    /** The latest snapshot of every other live node. */
    List<String> otherNodesConnections();
}
