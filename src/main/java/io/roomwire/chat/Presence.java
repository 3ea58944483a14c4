package io.roomwire.chat;

import java.util.Optional;

/**
 * The one home of the presence event rules (docs/protocol.md, "Messages and delivery"): in rooms
 * of at most {@code presence-event-limit} members every join and leave is announced to the others;
 * bigger rooms get periodic counts instead. Stateless.
 */
public final class Presence {

    private final int limit;

    public Presence(ChatProperties properties) {
        this.limit = properties.presenceEventLimit();
    }

    /** The event announcing a new member, given the count with it. */
    public Optional<RoomEvent> joined(String room, Member member, int countAfter) {
        return countAfter <= limit
                ? Optional.of(new RoomEvent.Presence(room, PresenceEvent.JOIN, member.user(), countAfter, member.id()))
                : Optional.empty();
    }

    /** The event announcing a member's leave, given the count without it. */
    public Optional<RoomEvent> left(String room, Member member, int countAfter) {
        return countAfter < limit
                ? Optional.of(new RoomEvent.Presence(room, PresenceEvent.LEAVE, member.user(), countAfter, member.id()))
                : Optional.empty();
    }
}
