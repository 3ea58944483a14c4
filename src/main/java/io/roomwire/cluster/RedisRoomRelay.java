package io.roomwire.cluster;

import io.roomwire.chat.RoomEvent;
import io.roomwire.chat.RoomRelay;

/**
 * The relay in the cluster mode: the {@link RedisRoomStore} publishes inside its scripts, and what
 * Redis publishes reaches this node's listener through the {@link RoomFeed}.
 */
final class RedisRoomRelay implements RoomRelay {

    private final RoomFeed feed;

    RedisRoomRelay(RoomFeed feed) {
        this.feed = feed;
    }

    @Override
    public void publish(RoomEvent event) {
        throw new UnsupportedOperationException("In the cluster mode events are published through Redis");
    }

    @Override
    public void setListener(Listener listener) {
        feed.setListener(listener);
    }
}
