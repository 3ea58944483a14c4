package io.roomwire.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.roomwire.chat.OperatorRelay;
import io.roomwire.chat.RoomModeration;
import io.roomwire.chat.wire.WireCodec;
import io.roomwire.websocket.CloseStatus;
import io.roomwire.websocket.PreparedMessage;
import io.roomwire.websocket.TrafficStats;
import io.roomwire.websocket.WebSocketSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What operators do to connections: list and inspect them, disconnect one (4001) or all of a
 * user's, send a notice to everyone, close a room, kick a member. In the cluster mode the
 * {@link OperatorRelay} carries the commands to the other nodes and their connection snapshots
 * back (as of their last heartbeat). Thread-safe.
 */
@Service
public class Operations {

    private static final Logger LOG = Logger.getLogger(Operations.class.getName());

    /** docs/protocol.md: 4001 disconnected by an operator. */
    public static final CloseStatus DISCONNECTED = new CloseStatus(4001, "Disconnected by an operator");

    /** A command to other nodes' connections. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Command(String op, String id, String user, String text) {
    }

    private final ConnectionRegistry connections;
    private final RoomModeration moderation;
    private final WireCodec codec;
    private final OperatorRelay relay;
    private final JsonMapper json = JsonMapper.builder().build();

    Operations(ConnectionRegistry connections, RoomModeration moderation, WireCodec codec, OperatorRelay relay) {
        this.connections = connections;
        this.moderation = moderation;
        this.codec = codec;
        this.relay = relay;
        relay.shareConnections(() -> json.writeValueAsString(local()));
        relay.onCommand(this::execute);
    }

    /** Connections of every node, oldest first, filtered by user (id, or part of the name) and room when given. */
    public List<ConnectionInfo> connections(String user, String room) {
        String needle = user == null || user.isBlank() ? null : user.strip().toLowerCase(Locale.ROOT);
        return everyNode().stream()
                .filter(c -> needle == null || c.user().id().equals(user.strip())
                        || c.user().name().toLowerCase(Locale.ROOT).contains(needle))
                .filter(c -> room == null || room.isBlank() || c.rooms().contains(room.strip()))
                .sorted(Comparator.comparingLong(ConnectionInfo::connectedAt).thenComparing(ConnectionInfo::id))
                .toList();
    }

    /** Closes one connection with 4001, on whichever node it is; false if there is none with that id. */
    public boolean disconnect(String connectionId) {
        ChatConnection connection = connections.find(connectionId);
        if (connection != null) {
            connection.session().close(DISCONNECTED);
            return true;
        }
        if (remote().stream().noneMatch(c -> c.id().equals(connectionId))) {
            return false;
        }
        relay.broadcast(json.writeValueAsString(new Command("disconnect", connectionId, null, null)));
        return true;
    }

    /** Closes every connection of a user with 4001 on every node; returns how many. */
    public int disconnectUser(String userId) {
        int closed = disconnectLocalUser(userId);
        long elsewhere = remote().stream().filter(c -> c.user().id().equals(userId)).count();
        if (elsewhere > 0) {
            relay.broadcast(json.writeValueAsString(new Command("disconnect-user", null, userId, null)));
        }
        return closed + (int) elsewhere;
    }

    /** A notice to every connection of every node, framed once per node; returns how many it went to. */
    public int noticeAll(String text) {
        int delivered = noticeLocal(text);
        List<ConnectionInfo> elsewhere = remote();
        if (!elsewhere.isEmpty()) {
            relay.broadcast(json.writeValueAsString(new Command("notice", null, null, text)));
        }
        return delivered + elsewhere.size();
    }

    /** Closes a room: its members get {@code left} with reason {@code closed}; returns how many. */
    public int closeRoom(String room) {
        return moderation.closeRoom(room);
    }

    /** Removes a user from a room: its connections get {@code left} with reason {@code kicked}. */
    public int kick(String room, String userId) {
        return moderation.kick(room, userId);
    }

    private void execute(String text) {
        try {
            Command command = json.readValue(text, Command.class);
            switch (command.op()) {
                case "disconnect" -> {
                    ChatConnection connection = connections.find(command.id());
                    if (connection != null) {
                        connection.session().close(DISCONNECTED);
                    }
                }
                case "disconnect-user" -> disconnectLocalUser(command.user());
                case "notice" -> noticeLocal(command.text());
                default -> LOG.fine(() -> "Unknown operator command " + command.op());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Operator command from another node failed", e);
        }
    }

    private int disconnectLocalUser(String userId) {
        int closed = 0;
        for (ChatConnection connection : connections.all()) {
            if (connection.user().id().equals(userId)) {
                connection.session().close(DISCONNECTED);
                closed++;
            }
        }
        return closed;
    }

    private int noticeLocal(String text) {
        PreparedMessage notice = PreparedMessage.text(codec.notice(text, null));
        int delivered = 0;
        for (ChatConnection connection : connections.all()) {
            if (connection.session().send(notice)) {
                delivered++;
            }
        }
        return delivered;
    }

    private List<ConnectionInfo> everyNode() {
        List<ConnectionInfo> all = new ArrayList<>(local());
        all.addAll(remote());
        return all;
    }

    private List<ConnectionInfo> local() {
        return connections.all().stream().map(Operations::info).toList();
    }

    private List<ConnectionInfo> remote() {
        List<ConnectionInfo> out = new ArrayList<>();
        for (String snapshot : relay.otherNodesConnections()) {
            out.addAll(json.readValue(snapshot, new TypeReference<List<ConnectionInfo>>() { }));
        }
        return out;
    }

    private static ConnectionInfo info(ChatConnection c) {
        WebSocketSession session = c.session();
        TrafficStats traffic = session.traffic();
        return new ConnectionInfo(c.id(), c.user(), session.handshake().remoteAddress(), session.handshake().userAgent(),
                c.rooms().stream().sorted().toList(), c.connectedAtMillis(), traffic.messagesIn(), traffic.messagesOut(),
                traffic.bytesIn(), traffic.bytesOut(), session.queuedBytes());
    }
}
