package io.roomwire.gateway;

import static io.roomwire.gateway.DeliveryCounters.Counter.BAD_REQUESTS;
import static io.roomwire.gateway.DeliveryCounters.Counter.CHAT_RECEIVED;
import static io.roomwire.gateway.DeliveryCounters.Counter.DANMAKU_RECEIVED;
import static io.roomwire.gateway.DeliveryCounters.Counter.DANMAKU_REFUSED_BUDGET;
import static io.roomwire.gateway.DeliveryCounters.Counter.DUPLICATES_SUPPRESSED;
import static io.roomwire.gateway.DeliveryCounters.Counter.FLOOD_CLOSES;
import static io.roomwire.gateway.DeliveryCounters.Counter.RATE_LIMITED;
import static io.roomwire.gateway.DeliveryCounters.Counter.SLOW_CONSUMER_CLOSES;

import io.roomwire.chat.IdentityRegistry;
import io.roomwire.chat.ChatException;
import io.roomwire.chat.ErrorCode;
import io.roomwire.chat.ChatService;
import io.roomwire.chat.MessageKind;
import io.roomwire.chat.RoomStore;
import io.roomwire.chat.wire.ClientCommand;
import io.roomwire.chat.wire.WireCodec;
import io.roomwire.chat.wire.WireException;
import io.roomwire.websocket.CloseStatus;
import io.roomwire.websocket.WebSocketHandler;
import io.roomwire.websocket.WebSocketSession;
import io.roomwire.websocket.protocol.CloseCodes;
import java.util.concurrent.Executor;

/**
 * The chat protocol (docs/protocol.md) on top of engine sessions: {@code hello} on open, client
 * commands to {@link ChatService}, replies and errors back, and leaving every room on close. Runs on
 * the engine's threads: one reader per connection at a time, so a connection's commands are handled
 * in order.
 */
final class ChatSocketHandler implements WebSocketHandler {

    private final ChatService chat;
    private final WireCodec codec;
    private final IdentityRegistry identities;
    private final DeliveryCounters counters;
    private final Executor cleanup;
    private final Admission admission;
    private final MemberModeration moderation;

    ChatSocketHandler(ChatService chat, WireCodec codec, IdentityRegistry identities, DeliveryCounters counters,
            Executor cleanup, Admission admission, MemberModeration moderation) {
        this.cleanup = cleanup;
        this.chat = chat;
        this.codec = codec;
        this.identities = identities;
        this.counters = counters;
        this.admission = admission;
        this.moderation = moderation;
    }

    @Override
    public void onOpen(WebSocketSession session) {
        admission.opened(session);
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        ChatConnection connection = ConnectionRegistry.of(session);
        ClientCommand command = null;
        try {
            command = codec.decode(text);
            if (connection == null) {
                admission.authenticate(session, command); // token mode, before the auth message
                return;
            }
            handle(connection, command);
        } catch (WireException e) {
            counters.increment(BAD_REQUESTS);
            session.sendText(codec.error(e.code(), e.getMessage(), e.ref()));
        } catch (ChatException e) {
            session.sendText(codec.error(e.code(), e.getMessage(), command == null ? null : command.ref()));
            if (e.code() == ErrorCode.RATE_LIMITED && connection != null) {
                counters.increment(RATE_LIMITED);
                if (connection.flood().strike(System.nanoTime())) {
                    counters.increment(FLOOD_CLOSES);
                    session.close(new CloseStatus(CloseCodes.POLICY_VIOLATION, "Flooding: too many messages"));
                }
            } else if (e.code() == ErrorCode.ROOM_BUSY) {
                counters.increment(DANMAKU_REFUSED_BUDGET);
            }
        }
    }

    @Override
    public void onBinary(WebSocketSession session, byte[] data) {
        // docs/protocol.md: one JSON object per text frame; binary is an application-level error.
        session.sendText(codec.error(ErrorCode.BAD_REQUEST, "Binary frames are not part of the protocol", null));
    }

    private void handle(ChatConnection connection, ClientCommand command) {
        WebSocketSession session = connection.session();
        switch (command) {
            case ClientCommand.Join join -> join(connection, join);
            case ClientCommand.Leave leave -> {
                if (!chat.leave(connection, leave.room())) {
                    throw new ChatException(ErrorCode.NOT_MEMBER, "Not a member of room " + leave.room());
                }
                connection.rooms().remove(leave.room());
                session.sendText(codec.left(leave.room(), null));
            }
            case ClientCommand.Send send -> send(connection, send);
            case ClientCommand.History history -> session.sendText(codec.history(history.room(),
                    chat.history(connection, history.room(), history.before(), history.limit())));
            case ClientCommand.Typing typing -> chat.typing(connection, typing.room());
            case ClientCommand.Auth auth -> throw new ChatException(ErrorCode.BAD_REQUEST,
                    "Already authenticated; send refresh to replace the token");
            case ClientCommand.Refresh refresh -> admission.refresh(connection, refresh);
            case ClientCommand.Mute mute -> moderation.mute(connection, mute);
            case ClientCommand.Unmute unmute -> moderation.unmute(connection, unmute);
            case ClientCommand.Delete delete -> moderation.delete(connection, delete);
            case ClientCommand.Kick kick -> moderation.kick(connection, kick);
        }
    }

    private void join(ChatConnection connection, ClientCommand.Join join) {
        String room = join.room();
        chat.join(connection, room, join.since(), join.epoch(), result -> connection.session().sendText(codec.joined(result)));
        if (connection.isClosed()) {
            chat.leave(connection, room); // closed while joining: onClose may have missed this room
        }
    }

    private void send(ChatConnection connection, ClientCommand.Send send) {
        counters.increment(send.kind() == MessageKind.DANMAKU ? DANMAKU_RECEIVED : CHAT_RECEIVED);
        RoomStore.Accepted accepted = chat.send(connection, send.room(), send.text(), send.kind(), send.meta(), send.ref());
        if (accepted.duplicate()) {
            counters.increment(DUPLICATES_SUPPRESSED);
        }
        connection.session().sendText(codec.ack(send.ref(), accepted.room(), accepted.seq()));
    }

    /**
     * Leaves every room, off the calling thread: a session can end inside a broadcast (its queue
     * overflowed, its socket failed) on a thread that holds that room's lock, and leaving the
     * member's other rooms there would take a second room lock, so two such closes in opposite
     * rooms could deadlock. Marking the connection closed happens at once, so a racing join undoes
     * itself.
     */
    @Override
    public void onClose(WebSocketSession session, CloseStatus status) {
        ChatConnection connection = ConnectionRegistry.of(session);
        if (connection == null) {
            return;
        }
        connection.markClosed();
        cleanup.execute(() -> {
            chat.leaveAll(connection);
            identities.disconnect(connection.identity());
        });
    }

    @Override
    public OverflowAction onOverflow(WebSocketSession session, int messageBytes) {
        // Chat is never dropped silently: a member too slow for it is closed (1013) and recovers
        // with join + since on reconnect. Best-effort events never get here (soft limit).
        counters.increment(SLOW_CONSUMER_CLOSES);
        return OverflowAction.CLOSE;
    }
}
