package io.roomwire.gateway;

import io.roomwire.chat.ChatException;
import io.roomwire.chat.ErrorCode;
import io.roomwire.chat.RoomModeration;
import io.roomwire.chat.wire.ClientCommand;
import io.roomwire.chat.wire.WireCodec;
import org.springframework.stereotype.Component;

/**
 * In-room moderation over the WebSocket protocol (docs/protocol.md, "Moderators"): a member whose
 * token has the {@code moderator} role, or whom an operator made a moderator of the room, may mute,
 * unmute, delete and kick there, with the same effects and events as the admin API. Each success is
 * answered with {@code moderated}; a target that is not there with {@code not_found}. Thread-safe.
 */
@Component
class MemberModeration {

    private final RoomModeration moderation;
    private final WireCodec codec;

    MemberModeration(RoomModeration moderation, WireCodec codec) {
        this.moderation = moderation;
        this.codec = codec;
    }

    void mute(ChatConnection moderator, ClientCommand.Mute mute) {
        moderation.requireModerator(moderator, mute.room());
        if (mute.seconds() > RoomModeration.MAX_MUTE_SECONDS) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "seconds must be at most " + RoomModeration.MAX_MUTE_SECONDS);
        }
        moderation.mute(mute.room(), mute.user(), System.currentTimeMillis() + mute.seconds() * 1000);
        done(moderator, "mute", mute.room(), mute.user(), null, mute.ref());
    }

    void unmute(ChatConnection moderator, ClientCommand.Unmute unmute) {
        moderation.requireModerator(moderator, unmute.room());
        if (!moderation.unmute(unmute.room(), unmute.user())) {
            throw new ChatException(ErrorCode.NOT_FOUND, "User " + unmute.user() + " is not muted in room " + unmute.room());
        }
        done(moderator, "unmute", unmute.room(), unmute.user(), null, unmute.ref());
    }

    void delete(ChatConnection moderator, ClientCommand.Delete delete) {
        moderation.requireModerator(moderator, delete.room());
        if (!moderation.deleteMessage(delete.room(), delete.seq())) {
            throw new ChatException(ErrorCode.NOT_FOUND, "Room " + delete.room() + " holds no message " + delete.seq());
        }
        done(moderator, "delete", delete.room(), null, delete.seq(), delete.ref());
    }

    void kick(ChatConnection moderator, ClientCommand.Kick kick) {
        moderation.requireModerator(moderator, kick.room());
        if (moderation.kick(kick.room(), kick.user()) == 0) {
            throw new ChatException(ErrorCode.NOT_FOUND, "User " + kick.user() + " is not in room " + kick.room());
        }
        done(moderator, "kick", kick.room(), kick.user(), null, kick.ref());
    }

    private void done(ChatConnection moderator, String action, String room, String user, Long seq, String ref) {
        moderator.session().sendText(codec.moderated(action, room, user, seq, ref));
    }
}
