package io.roomwire.chat;

import java.util.List;

/**
 * What happens in a room and is fanned out to its members. {@code except} names a member id that
 * must not receive the event (the typer, the member whose presence changed), or is null.
 * Immutable.
 */
public sealed interface RoomEvent {

    String room();

    default String except() {
        return null;
    }

    /** A chat message or danmaku accepted into the room. */
    record Posted(ChatMessage message) implements RoomEvent {
        @Override
        public String room() {
            return message.room();
        }
    }

    /** A join or leave (with {@code user}) or a count (user null). */
    record Presence(String room, PresenceEvent event, User user, int count, String except) implements RoomEvent {
    }

    record Typing(String room, User user, String except) implements RoomEvent {
    }

    /** An operator's notice to one room. */
    record Notice(String room, String text) implements RoomEvent {
    }

    /** An operator deleted message {@code seq}; clients hide it. */
    record Deleted(String room, long seq) implements RoomEvent {
    }

    /**
     * An operator removed these members of this node from the room (kicked, or the room was
     * closed); they are told with {@code left} and its {@code reason}, nobody else is.
     */
    record Removed(String room, List<Member> members, String reason) implements RoomEvent {
    }
}
