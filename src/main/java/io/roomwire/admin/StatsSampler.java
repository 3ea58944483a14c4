package io.roomwire.admin;

import static io.roomwire.gateway.DeliveryCounters.Counter.CHAT_DELIVERED;
import static io.roomwire.gateway.DeliveryCounters.Counter.CHAT_RECEIVED;
import static io.roomwire.gateway.DeliveryCounters.Counter.DANMAKU_DELIVERED;
import static io.roomwire.gateway.DeliveryCounters.Counter.DANMAKU_DROPPED_SLOW;
import static io.roomwire.gateway.DeliveryCounters.Counter.DANMAKU_RECEIVED;
import static io.roomwire.gateway.DeliveryCounters.Counter.DANMAKU_REFUSED_BUDGET;
import static io.roomwire.gateway.DeliveryCounters.Counter.EVENTS_DELIVERED;

import io.roomwire.chat.RoomRegistry;
import io.roomwire.chat.Ticker;
import io.roomwire.chat.TickingLifecycle;
import io.roomwire.gateway.DeliveryCounters;
import io.roomwire.websocket.Sessions;
import java.util.ArrayDeque;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Samples the dashboard's figures every {@link #PERIOD_SECONDS} s and keeps the last 15 minutes,
 * so the chart has history the moment an operator opens the page. Rates are deltas between samples.
 */
@Component
class StatsSampler extends TickingLifecycle {

    static final int PERIOD_SECONDS = 5;
    static final int KEPT = 15 * 60 / PERIOD_SECONDS;

    record Sample(long t, int connections, int rooms, double messagesInPerSecond, double messagesOutPerSecond) {
    }

    record Stats(int connections, int rooms, double messagesInPerSecond, double messagesOutPerSecond, long drops,
            long uptimeSeconds, List<Sample> series) {
    }

    private final Sessions sessions;
    private final RoomRegistry rooms;
    private final DeliveryCounters counters;
    private final long startedMillis = System.currentTimeMillis();
    private final ArrayDeque<Sample> series = new ArrayDeque<>(); // guarded by this
    private long lastIn;
    private long lastOut;
    private long lastNanos;

    StatsSampler(Sessions sessions, RoomRegistry rooms, DeliveryCounters counters) {
        super("roomwire-stats");
        this.sessions = sessions;
        this.rooms = rooms;
        this.counters = counters;
    }

    private long in() {
        return counters.sum(CHAT_RECEIVED) + counters.sum(DANMAKU_RECEIVED);
    }

    private long out() {
        return counters.sum(CHAT_DELIVERED) + counters.sum(DANMAKU_DELIVERED) + counters.sum(EVENTS_DELIVERED);
    }

    synchronized void sample() {
        long now = System.nanoTime();
        long in = in();
        long out = out();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        series.addLast(new Sample(System.currentTimeMillis(), sessions.count(), rooms.size(),
                (in - lastIn) / seconds, (out - lastOut) / seconds));
        while (series.size() > KEPT) {
            series.removeFirst();
        }
        lastIn = in;
        lastOut = out;
        lastNanos = now;
    }

    /** Current figures: rates since the last sample, plus the kept series. */
    synchronized Stats stats() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        double inRate = seconds < 1 && !series.isEmpty() ? series.getLast().messagesInPerSecond() : (in() - lastIn) / seconds;
        double outRate = seconds < 1 && !series.isEmpty() ? series.getLast().messagesOutPerSecond() : (out() - lastOut) / seconds;
        long drops = counters.sum(DANMAKU_DROPPED_SLOW) + counters.sum(DANMAKU_REFUSED_BUDGET);
        return new Stats(sessions.count(), rooms.size(), inRate, outRate, drops,
                (System.currentTimeMillis() - startedMillis) / 1000, List.copyOf(series));
    }

    @Override
    protected synchronized boolean book(Ticker ticker) {
        lastIn = in();
        lastOut = out();
        lastNanos = System.nanoTime();
        ticker.everyPeriod(PERIOD_SECONDS * 1000L, PERIOD_SECONDS * 1000L, this::sample);
        return true;
    }


}
