package io.roomwire.chat;

/**
 * The fan-out port: carries room events to every node that has members in the room, where the
 * registered listener delivers them to the local members. The chat domain publishes under the room's
 * lock, so events of one room are published in order; an implementation must deliver them to each
 * node in that order. The in-memory implementation delivers synchronously on the publishing thread;
 * a cross-node one (Redis) replaces it without touching the domain or the gateway.
 */
public interface RoomRelay {

    void publish(RoomEvent event);

    /** The one listener that delivers events to this node's members. */
    void setListener(Listener listener);

    interface Listener {
        void onEvent(RoomEvent event);
    }
}
