package io.roomwire.chat;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One background thread for the rooms' periodic work: count events for rooms too big for
 * per-member presence, and forgetting rooms idle past their TTL.
 */
@Component
class RoomJanitor implements SmartLifecycle {

    private final ChatService chat;
    private final RoomRegistry rooms;
    private final ChatProperties properties;
    private final Ticker ticker = new Ticker("roomwire-rooms");

    RoomJanitor(ChatService chat, RoomRegistry rooms, ChatProperties properties) {
        this.chat = chat;
        this.rooms = rooms;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        ticker.start();
        long period = Math.max(100, properties.countInterval().toMillis());
        ticker.everyDelay(period, period, chat::publishCounts);
        long sweep = Math.max(100, Math.min(10_000, properties.roomIdleTtl().toMillis() / 2));
        ticker.everyDelay(sweep, sweep, () -> rooms.evictIdle(System.nanoTime()));
    }

    @Override
    public synchronized void stop() {
        ticker.stop();
    }

    @Override
    public synchronized boolean isRunning() {
        return ticker.isRunning();
    }
}
