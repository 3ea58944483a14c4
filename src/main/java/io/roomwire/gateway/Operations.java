package io.roomwire.gateway;

import io.roomwire.chat.RoomModeration;
import io.roomwire.chat.Member;
import io.roomwire.chat.wire.WireCodec;
import io.roomwire.websocket.CloseStatus;
import io.roomwire.websocket.PreparedMessage;
import io.roomwire.websocket.TrafficStats;
import io.roomwire.websocket.WebSocketSession;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;

/**
 * What operators do to connections: list and inspect them, disconnect one (4001) or all of a
 * user's, send a notice to everyone, and the connection side of closing a room or removing a
 * member (the {@code left} message with its reason). Thread-safe.
 */
@Service
public class Operations {

    /** docs/protocol.md: 4001 disconnected by an operator. */
    public static final CloseStatus DISCONNECTED = new CloseStatus(4001, "Disconnected by an operator");

    private final ConnectionRegistry connections;
    private final RoomModeration moderation;
    private final WireCodec codec;

    Operations(ConnectionRegistry connections, RoomModeration moderation, WireCodec codec) {
        this.connections = connections;
        this.moderation = moderation;
        this.codec = codec;
    }

    /** Connections, oldest first, filtered by user (id, or part of the name) and room when given. */
    public List<ConnectionInfo> connections(String user, String room) {
        String needle = user == null || user.isBlank() ? null : user.strip().toLowerCase(Locale.ROOT);
        return connections.all().stream()
                .filter(c -> needle == null || c.user().id().equals(user.strip())
                        || c.user().name().toLowerCase(Locale.ROOT).contains(needle))
                .filter(c -> room == null || room.isBlank() || c.rooms().contains(room.strip()))
                .map(Operations::info)
                .sorted(Comparator.comparingLong(ConnectionInfo::connectedAt).thenComparing(ConnectionInfo::id))
                .toList();
    }

    /** Closes one connection with 4001; false if there is none with that id. */
    public boolean disconnect(String connectionId) {
        ChatConnection connection = connections.find(connectionId);
        if (connection == null) {
            return false;
        }
        connection.session().close(DISCONNECTED);
        return true;
    }

    /** Closes every connection of a user with 4001; returns how many. */
    public int disconnectUser(String userId) {
        int closed = 0;
        for (ChatConnection connection : connections.all()) {
            if (connection.user().id().equals(userId)) {
                connection.session().close(DISCONNECTED);
                closed++;
            }
        }
        return closed;
    }

    /** A notice to every connection, serialised and framed once; returns how many it was queued to. */
    public int noticeAll(String text) {
        PreparedMessage notice = PreparedMessage.text(codec.notice(text, null));
        int delivered = 0;
        for (ChatConnection connection : connections.all()) {
            if (connection.session().send(notice)) {
                delivered++;
            }
        }
        return delivered;
    }

    /** Closes a room: its members get {@code left} with reason {@code closed}; returns how many. */
    public int closeRoom(String room) {
        return moderation.closeRoom(room);
    }

    /** Removes a user from a room: its connections get {@code left} with reason {@code kicked}. */
    public int kick(String room, String userId) {
        return moderation.kick(room, userId);
    }

    private static ConnectionInfo info(ChatConnection c) {
        WebSocketSession session = c.session();
        TrafficStats traffic = session.traffic();
        return new ConnectionInfo(c.id(), c.user(), session.handshake().remoteAddress(), session.handshake().userAgent(),
                c.rooms().stream().sorted().toList(), c.connectedAtMillis(), traffic.messagesIn(), traffic.messagesOut(),
                traffic.bytesIn(), traffic.bytesOut(), session.queuedBytes());
    }
}
