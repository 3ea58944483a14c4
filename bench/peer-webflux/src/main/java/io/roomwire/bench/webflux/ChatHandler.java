package io.roomwire.bench.webflux;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * RoomWire's protocol subset (hello, join/joined, leave/left, send/message+ack, presence, typing) as a WebFlux
 * {@link WebSocketHandler}. Each connection has a bounded outbound sink; a broadcast is encoded once to a String
 * and that String is queued to every member. No flood limits and no stored history: this is a benchmark peer.
 */
@Component
class ChatHandler implements WebSocketHandler {

    static final String SUBPROTOCOL = "roomwire.v1";
    private static final int HEARTBEAT_SECONDS = 25;
    private static final int ROSTER_LIMIT = 100;
    private static final int MAX_TEXT = 2000;
    private static final int MAX_DANMAKU = 100;
    private static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final ObjectMapper mapper;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** Frames a connection may have queued (not yet taken by Netty) before it counts as too slow. */
    private final int queueFrames;

    ChatHandler(ObjectMapper mapper, @Value("${peer.queue-frames:4096}") int queueFrames) {
        this.mapper = mapper;
        this.queueFrames = queueFrames;
    }

    @Override
    public List<String> getSubProtocols() {
        return List.of(SUBPROTOCOL);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        String id = UUID.randomUUID().toString();
        var user = new Events.User(id, displayName(session.getHandshakeInfo().getUri(), id));
        var conn = new Connection(session, user, queueFrames);
        connections.put(session.getId(), conn);
        conn.send(json(new Events.Hello(UUID.randomUUID().toString(), user, HEARTBEAT_SECONDS)));

        Mono<Void> input = session.receive()
                .doOnNext(message -> {
                    if (message.getType() == WebSocketMessage.Type.TEXT) {
                        onText(conn, message.getPayloadAsText(StandardCharsets.UTF_8));
                    }
                })
                .then();
        Mono<Void> output = session.send(conn.outbound()
                .map(frame -> frame == Connection.PING
                        ? session.pingMessage(factory -> factory.allocateBuffer(0))
                        : session.textMessage(frame)));
        return Mono.zip(input, output)
                .then()
                .doFinally(signal -> closed(session, conn));
    }

    private void closed(WebSocketSession session, Connection conn) {
        conn.complete();
        if (connections.remove(session.getId()) != null) {
            for (String roomName : conn.rooms) {
                leave(conn, roomName);
            }
        }
    }

    private void onText(Connection conn, String payload) {
        JsonNode req;
        try {
            req = mapper.readTree(payload);
        } catch (JacksonException e) {
            error(conn, "bad_request", "not JSON", null);
            return;
        }
        if (req == null || !req.isObject()) {
            error(conn, "bad_request", "not a JSON object", null);
            return;
        }
        String ref = string(req, "ref");
        String type = string(req, "type");
        if (type == null) {
            error(conn, "bad_request", "missing type", ref);
            return;
        }
        String roomName = string(req, "room");
        if (!type.equals("join") && !type.equals("leave") && !type.equals("send") && !type.equals("history")
                && !type.equals("typing")) {
            error(conn, "unknown_type", "unknown type " + type, ref);
            return;
        }
        if (roomName == null || !ROOM_NAME.matcher(roomName).matches()) {
            error(conn, "invalid_room", "room must be 1-64 characters of [A-Za-z0-9_.-]", ref);
            return;
        }
        switch (type) {
            case "join" -> join(conn, roomName);
            case "leave" -> {
                if (requireMember(conn, roomName, ref)) {
                    leave(conn, roomName);
                    conn.send(json(new Events.Left(roomName)));
                }
            }
            case "send" -> {
                if (requireMember(conn, roomName, ref)) {
                    send(conn, roomName, req, ref);
                }
            }
            case "history" -> {
                if (requireMember(conn, roomName, ref)) {
                    conn.send(json(new Events.History(roomName)));
                }
            }
            case "typing" -> {
                Room room = rooms.get(roomName);
                if (room != null && requireMember(conn, roomName, ref)) {
                    String frame = json(new Events.Typing(roomName, conn.user));
                    for (Connection member : room.members.values()) {
                        if (member != conn) {
                            member.send(frame);
                        }
                    }
                }
            }
            default -> throw new IllegalStateException(type);
        }
    }

    /** The server's heartbeat: a ping to every connection, as announced in {@code hello}. */
    @Scheduled(fixedRate = HEARTBEAT_SECONDS * 1000L, initialDelay = HEARTBEAT_SECONDS * 1000L)
    void heartbeat() {
        for (Connection conn : connections.values()) {
            conn.send(Connection.PING);
        }
    }

    private void join(Connection conn, String roomName) {
        while (true) {
            Room room = rooms.computeIfAbsent(roomName, Room::new);
            synchronized (room) {
                if (room.closed) {
                    continue; // emptied and removed meanwhile: take the new one
                }
                boolean fresh = room.members.putIfAbsent(conn.session.getId(), conn) == null;
                conn.rooms.add(roomName);
                int count = room.members.size();
                List<Events.User> roster = new ArrayList<>(Math.min(count, ROSTER_LIMIT));
                for (Connection member : room.members.values()) {
                    if (roster.size() == ROSTER_LIMIT) {
                        break;
                    }
                    roster.add(member.user);
                }
                conn.send(json(new Events.Joined(roomName, room.seq, count, roster)));
                if (fresh) {
                    String presence = json(new Events.Presence(roomName, "join", conn.user, count));
                    for (Connection member : room.members.values()) {
                        if (member != conn) {
                            member.send(presence);
                        }
                    }
                }
                return;
            }
        }
    }

    private void leave(Connection conn, String roomName) {
        conn.rooms.remove(roomName);
        Room room = rooms.get(roomName);
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (room.members.remove(conn.session.getId()) == null) {
                return;
            }
            int count = room.members.size();
            if (count == 0) {
                room.closed = true;
                rooms.remove(roomName, room);
                return;
            }
            String presence = json(new Events.Presence(roomName, "leave", conn.user, count));
            for (Connection member : room.members.values()) {
                member.send(presence);
            }
        }
    }

    private void send(Connection conn, String roomName, JsonNode req, String ref) {
        String body = string(req, "text");
        if (body == null) {
            error(conn, "bad_request", "text must be a string", ref);
            return;
        }
        body = body.strip();
        String kind = req.has("kind") ? string(req, "kind") : "chat";
        if (!"chat".equals(kind) && !"danmaku".equals(kind)) {
            error(conn, "bad_request", "kind must be chat or danmaku", ref);
            return;
        }
        boolean chat = kind.equals("chat");
        if (body.isEmpty()) {
            error(conn, "bad_request", "empty text", ref);
            return;
        }
        if (body.codePointCount(0, body.length()) > (chat ? MAX_TEXT : MAX_DANMAKU)) {
            error(conn, "too_long", "text too long", ref);
            return;
        }
        Map<String, Object> meta = Map.of();
        JsonNode metaNode = req.get("meta");
        if (metaNode != null && metaNode.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = mapper.convertValue(metaNode, Map.class);
            meta = m;
        }
        Room room = rooms.get(roomName);
        if (room == null) {
            error(conn, "not_member", "join the room first", ref);
            return;
        }
        Long seq;
        synchronized (room) {
            seq = chat ? ++room.seq : null;
            // Encoded once; the same String goes into every member's sink (sender included), in seq order.
            String frame = json(new Events.Message(roomName, seq, kind, body, meta, conn.user,
                    System.currentTimeMillis()));
            for (Connection member : room.members.values()) {
                member.send(frame);
            }
        }
        conn.send(json(new Events.Ack(ref, roomName, seq)));
    }

    private boolean requireMember(Connection conn, String roomName, String ref) {
        if (conn.rooms.contains(roomName)) {
            return true;
        }
        error(conn, "not_member", "not a member of " + roomName, ref);
        return false;
    }

    private void error(Connection conn, String code, String message, String ref) {
        conn.send(json(new Events.Error(code, message, ref)));
    }

    private String json(Object event) {
        return mapper.writeValueAsString(event);
    }

    private static String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private static String displayName(URI uri, String id) {
        String name = null;
        if (uri != null) {
            String raw = UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("name");
            if (raw != null) {
                name = UriUtils.decode(raw, StandardCharsets.UTF_8)
                        .replaceAll("\\p{C}", "").replaceAll("\\s+", " ").strip();
                if (name.length() > 32) {
                    name = name.substring(0, 32);
                }
            }
        }
        return name == null || name.isEmpty() ? "guest-" + id.substring(id.length() - 4) : name;
    }
}
