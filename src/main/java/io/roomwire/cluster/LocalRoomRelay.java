package io.roomwire.cluster;

import io.roomwire.chat.RoomEvent;
import io.roomwire.chat.RoomRelay;

/**
 * The single-node fan-out: delivers every event straight to this node's listener, on the
 * publishing thread and under the room's lock, which keeps each room's events in publication order.
 */
final class LocalRoomRelay implements RoomRelay {

    private volatile Listener listener = event -> { };

    @Override
    public void publish(RoomEvent event) {
        listener.onEvent(event);
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }
}
