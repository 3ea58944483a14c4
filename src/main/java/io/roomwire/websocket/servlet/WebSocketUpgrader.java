package io.roomwire.websocket.servlet;

import io.roomwire.websocket.AdmissionLimits;
import io.roomwire.websocket.EndpointConfig;
import io.roomwire.websocket.EngineListener;
import io.roomwire.websocket.HandshakeInfo;
import io.roomwire.websocket.HandshakeRejection;
import io.roomwire.websocket.protocol.AcceptKey;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's front door: validates an opening handshake, answers 101 with the accept key, and
 * hijacks the connection with {@code HttpServletRequest.upgrade} onto a new session; or refuses
 * with the precise status and a one-line plain-text body. The sessions it creates live in its
 * {@link SessionRegistry}, which also says whether handshakes are admitted. Thread-safe; one instance
 * serves every endpoint.
 */
public final class WebSocketUpgrader {

    private final SessionRegistry registry;
    private final TimeoutSweeper sweeper;
    private final FlushScheduler flushScheduler;
    private final EngineListener listener;
    private final ConnectionAborter aborter;
    private final DirectWrites directWrites;
    private final SharedStrings shared = new SharedStrings();
    private final HandshakeAdmission admission;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param flushScheduler who writes queued frames: {@link FlushScheduler#INLINE} (the sender) or
     *                       a shared {@link FlushWorkers}
     */
    public WebSocketUpgrader(SessionRegistry registry, TimeoutSweeper sweeper, FlushScheduler flushScheduler,
            EngineListener listener) {
        this(registry, sweeper, flushScheduler, listener, ConnectionAborter.NONE, AdmissionLimits.NONE,
                DirectWrites.NONE);
    }

    /**
     * @param aborter      the container's way to drop a connection from any thread
     * @param limits       per-address and global handshake limits, applied before validation
     * @param directWrites the container's way to write to a connection's socket without its buffer
     */
    public WebSocketUpgrader(SessionRegistry registry, TimeoutSweeper sweeper, FlushScheduler flushScheduler,
            EngineListener listener, ConnectionAborter aborter, AdmissionLimits limits, DirectWrites directWrites) {
        this.directWrites = directWrites;
        this.registry = registry;
        this.sweeper = sweeper;
        this.flushScheduler = flushScheduler;
        this.listener = listener;
        this.aborter = aborter;
        this.admission = new HandshakeAdmission(limits, System::nanoTime);
    }

    /**
     * Answers the request: 101 and an upgraded session, or a refusal. Call from the request thread
     * with the unwrapped or a delegating request and response, before anything is written to them.
     */
    public void upgrade(HttpServletRequest request, HttpServletResponse response, EndpointConfig endpoint)
            throws IOException {
        if (!registry.accepting()) {
            refuse(response, HandshakeRejection.SERVER_UNAVAILABLE);
            return;
        }
        if (!admission.enterHandshake()) {
            refuse(response, HandshakeRejection.HANDSHAKES_BUSY);
            return;
        }
        try {
            String address = admission.clientAddress(request);
            // Limits before validation: a malformed handshake costs its sender a token too.
            HandshakeRejection refused = admission.admit(address);
            if (refused != null) {
                refuse(response, refused);
                return;
            }
            boolean upgraded = false;
            try {
                upgraded = upgrade(request, response, endpoint, () -> admission.release(address));
            } finally {
                if (!upgraded) {
                    admission.release(address);
                }
            }
        } finally {
            admission.exitHandshake();
        }
    }

    /** Validates and upgrades; true when the session took over {@code release} (it runs when the session is gone). */
    private boolean upgrade(HttpServletRequest request, HttpServletResponse response, EndpointConfig endpoint,
            Runnable release) throws IOException {
        HandshakeValidator.Outcome outcome = HandshakeValidator.check(request, endpoint);
        if (!outcome.accepted()) {
            refuse(response, outcome.rejection());
            return false;
        }
        String id = Long.toString(ids.incrementAndGet(), 36);
        HandshakeInfo info = new HandshakeInfo(shared.share(request.getRequestURI()), firstValues(request),
                shared.share(request.getHeader("Origin")), shared.share(request.getHeader("User-Agent")),
                request.getRemoteAddr() + ":" + request.getRemotePort(), outcome.subprotocol(), request.getUserPrincipal());
        EngineSession session = new EngineSession(id, info, endpoint, listener, sweeper.clock(), flushScheduler,
                outcome.deflate());

        // §4.2.2: the 101 headers must be set before upgrade() commits the response.
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Sec-WebSocket-Accept", AcceptKey.forKey(outcome.key()));
        if (outcome.subprotocol() != null) {
            response.setHeader("Sec-WebSocket-Protocol", outcome.subprotocol());
        }
        if (outcome.deflate() != null) {
            response.setHeader("Sec-WebSocket-Extensions", outcome.deflate().responseHeader()); // RFC 7692 §5
        }
        UpgradeHandler handler;
        try {
            handler = request.upgrade(UpgradeHandler.class);
        } catch (ServletException | IOException | RuntimeException e) {
            response.reset();
            refuse(response, HandshakeRejection.UPGRADE_FAILED);
            return false;
        }
        // Listed from the 101 on (a client that sees it finds its session counted); init() runs
        // only after the controller returns and binds the connection, and the sweeper waits for that.
        registry.add(session, release);
        handler.prepare(session, registry, aborter, directWrites);
        return true;
    }

    private void refuse(HttpServletResponse response, HandshakeRejection rejection) throws IOException {
        listener.handshakeRejected(rejection);
        response.setStatus(rejection.status());
        if (rejection == HandshakeRejection.UNSUPPORTED_VERSION) {
            response.setHeader("Sec-WebSocket-Version", "13"); // §4.4
        }
        if (rejection == HandshakeRejection.METHOD_NOT_GET) {
            response.setHeader("Allow", "GET");
        }
        response.setContentType("text/plain;charset=UTF-8");
        byte[] body = (rejection.message() + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private Map<String, String> firstValues(HttpServletRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (values.length > 0) {
                query.put(shared.share(name), values[0]);
            }
        });
        return query;
    }
}
