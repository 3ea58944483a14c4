package io.roomwire.chat;

import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Who may enter a room. A room is private when its name matches {@code roomwire.chat.private-rooms}
 * or an operator marked it so; only a connection whose signed token grants the room may join it,
 * and so read its history and see its presence. Everyone else gets {@code forbidden}. Thread-safe.
 */
@Component
public class RoomAccess {

    private final Pattern privateNames;

    @Autowired
    public RoomAccess(ChatProperties properties) {
        this(properties.privateRooms());
    }

    private RoomAccess(String privateRooms) {
        this.privateNames = privateRooms == null || privateRooms.isBlank() ? null : Pattern.compile(privateRooms);
    }

    /** Private by name, whatever its settings say. */
    public boolean privateByName(String room) {
        return privateNames != null && privateNames.matcher(room).matches();
    }

    /**
     * Refuses with {@code forbidden} a room private by name that the member's token does not grant.
     * A room an operator made private is checked by the {@link RoomStore} where its settings live,
     * with {@link #granted}, in the same step as the join.
     */
    void requireEntryByName(Member member, String room) {
        if (privateByName(room) && !granted(member, room)) {
            throw Refusals.forbidden(room);
        }
    }

    /** Whether the member's signed token grants the room. */
    public static boolean granted(Member member, String room) {
        Grant grant = member.grant();
        return grant != null && grant.allows(room);
    }
}
