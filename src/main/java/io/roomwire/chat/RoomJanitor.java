package io.roomwire.chat;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One background thread for the rooms' periodic work: count events for rooms too big for
 * per-member presence, and forgetting rooms idle past their TTL.
 */
@Component
class RoomJanitor implements SmartLifecycle {

    private static final Logger LOG = Logger.getLogger(RoomJanitor.class.getName());

    private final ChatService chat;
    private final RoomRegistry rooms;
    private final ChatProperties properties;
    private ScheduledExecutorService scheduler;

    RoomJanitor(ChatService chat, RoomRegistry rooms, ChatProperties properties) {
        this.chat = chat;
        this.rooms = rooms;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("roomwire-rooms").factory());
        long period = Math.max(100, properties.countInterval().toMillis());
        scheduler.scheduleWithFixedDelay(() -> run(chat::publishCounts), period, period, TimeUnit.MILLISECONDS);
        long sweep = Math.max(100, Math.min(10_000, properties.roomIdleTtl().toMillis() / 2));
        scheduler.scheduleWithFixedDelay(() -> run(() -> rooms.evictIdle(System.nanoTime())), sweep, sweep,
                TimeUnit.MILLISECONDS);
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Room maintenance failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
