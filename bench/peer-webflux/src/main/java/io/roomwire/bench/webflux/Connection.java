package io.roomwire.bench.webflux;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One client: its session, its user, the rooms it joined, and its outbound sink. The sink is a unicast sink over a
 * bounded queue: frames wait there while Reactor Netty does not request more (the socket is not writable); when
 * the queue is full the client is too slow and is closed with 1013, as the protocol says. A client that does not
 * read cannot receive that Close frame either (it waits behind the data Netty holds): the channel's write timeout
 * (see {@link WebSocketConfig}) then closes the TCP connection.
 */
final class Connection {

    private static final Log log = LogFactory.getLog(Connection.class);

    /** Marks a heartbeat ping in the outbound stream (compared by identity). */
    static final String PING = new String("ping");

    final WebSocketSession session;
    final Events.User user;
    final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private final Sinks.Many<String> sink;
    private volatile boolean closing;

    Connection(WebSocketSession session, Events.User user, int queueFrames) {
        this.session = session;
        this.user = user;
        this.sink = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(queueFrames));
    }

    Flux<String> outbound() {
        return sink.asFlux();
    }

    /**
     * Queues one encoded frame (the same String for every member of a broadcast). Sinks need serialised
     * emitters, and several threads (event loops of other members, the heartbeat) may send to one client, hence
     * the lock; it is held only for the queue offer and, when Netty has demand, the hand-off to the channel.
     */
    void send(String json) {
        if (closing) {
            return;
        }
        Sinks.EmitResult result;
        synchronized (this) {
            result = sink.tryEmitNext(json);
        }
        if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
            closeSlow();
        } else if (result.isFailure() && result != Sinks.EmitResult.FAIL_TERMINATED
                && result != Sinks.EmitResult.FAIL_CANCELLED) {
            log.debug("emit to " + session.getId() + " failed: " + result);
        }
    }

    /** No more frames: completes the outbound stream (after what is queued). */
    void complete() {
        closing = true;
        synchronized (this) {
            sink.tryEmitComplete();
        }
    }

    private void closeSlow() {
        if (closing) {
            return;
        }
        closing = true;
        log.debug("closing " + session.getId() + ": outbound queue full");
        session.close(CloseStatus.SERVICE_OVERLOAD).subscribe(null, e -> { });
    }
}
