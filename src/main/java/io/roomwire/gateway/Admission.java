package io.roomwire.gateway;

import io.roomwire.auth.Authenticator;
import io.roomwire.auth.TokenRefusal;
import io.roomwire.chat.ChatException;
import io.roomwire.chat.ChatProperties;
import io.roomwire.chat.ErrorCode;
import io.roomwire.chat.FloodGuard;
import io.roomwire.chat.Grant;
import io.roomwire.chat.Identity;
import io.roomwire.chat.IdentityRegistry;
import io.roomwire.chat.NodeName;
import io.roomwire.chat.Ticker;
import io.roomwire.chat.TickingLifecycle;
import io.roomwire.chat.wire.ClientCommand;
import io.roomwire.chat.wire.WireCodec;
import io.roomwire.websocket.CloseStatus;
import io.roomwire.websocket.HandshakeInfo;
import io.roomwire.websocket.Sessions;
import io.roomwire.websocket.WebSocketSession;
import org.springframework.stereotype.Component;

/**
 * Who a connection is (docs/protocol.md, "Signed identities"). With {@code roomwire.auth.mode=none}
 * a guest named by the query; in token mode the user of a signed token: one verified at the handshake
 * ({@code token} parameter), or one the connection sends as its first message ({@code auth}) within
 * {@code auth-timeout}. Until then the connection has no {@link ChatConnection} and no {@code hello}.
 * In token mode a sweep every second closes connections that never authenticated (4003) and those
 * whose token ran out without a {@code refresh} (4002). Thread-safe.
 */
@Component
class Admission extends TickingLifecycle {

    /** docs/protocol.md: the token of a live connection expired without a refresh. */
    static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4002, "Token expired");
    /** docs/protocol.md: no valid {@code auth} message within the auth timeout. */
    static final CloseStatus NOT_AUTHENTICATED = new CloseStatus(4003, "Not authenticated");

    private static final String DEADLINE = Admission.class.getName() + ".deadline";

    private final Authenticator authenticator;
    private final IdentityRegistry identities;
    private final ChatProperties properties;
    private final WireCodec codec;
    private final NodeName node;
    private final Sessions sessions;
    private volatile long heartbeatSeconds; // set once at start-up by ChatConfiguration

    Admission(Authenticator authenticator, IdentityRegistry identities, ChatProperties properties, WireCodec codec,
            NodeName node, Sessions sessions) {
        super("roomwire-auth");
        this.authenticator = authenticator;
        this.identities = identities;
        this.properties = properties;
        this.codec = codec;
        this.node = node;
        this.sessions = sessions;
    }

    /** {@code hello.heartbeat}, set once by the chat endpoint's configuration. */
    void heartbeatSeconds(long seconds) {
        this.heartbeatSeconds = seconds;
    }

    /** A new connection: admitted at once, or (token mode, no token yet) waiting for {@code auth}. */
    void opened(WebSocketSession session) {
        HandshakeInfo handshake = session.handshake();
        if (!authenticator.required()) {
            Identity identity = identities.connect(handshake.queryParameter("session"), handshake.queryParameter("name"),
                    handshake.queryParameter("avatar"));
            admit(session, identity, null);
        } else if (handshake.principal() instanceof SignedPrincipal signed) {
            admit(session, identities.connectSigned(handshake.queryParameter("session"), signed.grant().user()),
                    signed.grant());
        } else {
            session.setAttribute(DEADLINE, System.nanoTime() + authenticator.authTimeout().toNanos());
        }
    }

    /**
     * A message from a connection not admitted yet: only {@code auth} is understood; a refused token
     * is an {@code unauthorized} error, and the connection may try again until its deadline.
     */
    void authenticate(WebSocketSession session, ClientCommand command) {
        if (!(command instanceof ClientCommand.Auth auth)) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "Authenticate first: send an auth message with your token");
        }
        Grant grant = verify(auth.token());
        session.setAttribute(DEADLINE, null);
        admit(session, identities.connectSigned(session.handshake().queryParameter("session"), grant.user()), grant);
    }

    /** {@code refresh}: a fresh token of the same user replaces the connection's grant. */
    void refresh(ChatConnection connection, ClientCommand.Refresh refresh) {
        if (!authenticator.required()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "Token mode is off: there is nothing to refresh");
        }
        Grant grant = verify(refresh.token());
        if (!grant.user().id().equals(connection.user().id())) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "The token is for another user");
        }
        connection.grant(grant);
        connection.session().sendText(codec.refreshed(grant.expiresAtMillis(), refresh.ref()));
    }

    private Grant verify(String token) {
        try {
            return authenticator.verify(token);
        } catch (TokenRefusal refusal) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "Unauthorized: " + refusal.getMessage());
        }
    }

    private void admit(WebSocketSession session, Identity identity, Grant grant) {
        ChatConnection connection = new ChatConnection(session, identity,
                new FloodGuard(properties.flood(), System.nanoTime()), node, grant);
        ConnectionRegistry.bind(session, connection);
        session.sendText(codec.hello(identity.token(), identity.user(), heartbeatSeconds,
                grant == null ? null : grant.expiresAtMillis()));
    }

    /** Token mode, every second: connections past their auth deadline or their token's expiry. */
    void sweep(long nowNanos, long nowMillis) {
        for (WebSocketSession session : sessions.all()) {
            ChatConnection connection = ConnectionRegistry.of(session);
            if (connection == null) {
                if (session.attribute(DEADLINE) instanceof Long deadline && nowNanos - deadline >= 0) {
                    session.close(NOT_AUTHENTICATED);
                }
            } else if (connection.grant() != null && nowMillis >= connection.grant().expiresAtMillis()
                    && session.isOpen()) {
                authenticator.countExpiredClose();
                session.close(TOKEN_EXPIRED);
            }
        }
    }

    /** Token mode only: guests have no deadline and no expiry. */
    @Override
    protected boolean book(Ticker ticker) {
        if (authenticator.required()) {
            ticker.everyDelay(1000, 1000, () -> sweep(System.nanoTime(), System.currentTimeMillis()));
        }
        return authenticator.required();
    }


}
