package io.roomwire.chat;

import org.springframework.stereotype.Component;

/**
 * One background thread for the rooms' periodic work: count events for rooms too big for
 * per-member presence, forgetting rooms idle past their TTL, and forgetting identities past their
 * resume window (their recent refs included) even when nobody connects.
 */
@Component
class RoomJanitor extends TickingLifecycle {

    private final ChatService chat;
    private final RoomRegistry rooms;
    private final IdentityRegistry identities;
    private final ChatProperties properties;

    RoomJanitor(ChatService chat, RoomRegistry rooms, IdentityRegistry identities, ChatProperties properties) {
        super("roomwire-rooms");
        this.chat = chat;
        this.rooms = rooms;
        this.identities = identities;
        this.properties = properties;
    }

    @Override
    protected boolean book(Ticker ticker) {
        long period = Math.max(100, properties.countInterval().toMillis());
        ticker.everyDelay(period, period, chat::publishCounts);
        long sweep = Math.max(100, Math.min(10_000, properties.roomIdleTtl().toMillis() / 2));
        ticker.everyDelay(sweep, sweep, () -> {
            rooms.evictIdle(System.nanoTime());
            identities.forgetExpired();
        });
        return true;
    }


}
