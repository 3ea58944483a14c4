package io.roomwire.bench.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/** Counters shared by the I/O loops and read by the main thread. */
final class Stats {
    /** Microseconds up to one hour, 3 significant digits. */
    static Histogram newHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger ready = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger joined = new AtomicInteger();
    final AtomicInteger joinFailed = new AtomicInteger();
    final AtomicLong lastReadyAt = new AtomicLong();
    final LongAdder acks = new LongAdder();
    final LongAdder pings = new LongAdder();
    final LongAdder otherFrames = new LongAdder();
    final LongAdder strayMessages = new LongAdder();
    final LongAdder seqGaps = new LongAdder();
    final LongAdder unexpectedCloses = new LongAdder();
    /** --deflate: 101s that agreed permessage-deflate, and of those without server_no_context_takeover. */
    final AtomicInteger deflateAgreed = new AtomicInteger();
    final AtomicInteger deflateContextTakeover = new AtomicInteger();
    /** --deflate: 101s that agreed nothing (the connection went on uncompressed). */
    final AtomicInteger deflateDeclined = new AtomicInteger();
    /** Messages received with RSV1, their payload bytes on the wire and inflated. */
    final LongAdder deflateMessages = new LongAdder();
    final LongAdder deflateWireBytes = new LongAdder();
    final LongAdder deflateInflatedBytes = new LongAdder();
    /** Compressed messages not inflated again: byte-identical to one this loop just inflated (--inflate-memo). */
    final LongAdder deflateReused = new LongAdder();
    /** Data messages received plain on connections that agreed permessage-deflate. */
    final LongAdder deflatePlainMessages = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> connectFailures = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, LongAdder> closeCodes = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, LongAdder> slowCloses = new ConcurrentHashMap<>();

    static void count(ConcurrentHashMap<String, LongAdder> map, String key) {
        map.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    static Map<String, Long> snapshot(ConcurrentHashMap<String, LongAdder> map) {
        Map<String, Long> m = new TreeMap<>();
        map.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    static long total(ConcurrentHashMap<String, LongAdder> map) {
        long t = 0;
        for (LongAdder a : map.values()) {
            t += a.sum();
        }
        return t;
    }

    /** A connect phase (first connect, or the storm's reconnect): dial-to-hello times per loop. */
    static final class ConnectPhase {
        final String name;
        final Histogram[] connectTime;

        ConnectPhase(String name, int loops) {
            this.name = name;
            this.connectTime = new Histogram[loops];
            for (int i = 0; i < loops; i++) {
                connectTime[i] = newHistogram();
            }
        }
    }

    static Histogram merge(Histogram[] parts) {
        Histogram h = newHistogram();
        for (Histogram p : parts) {
            h.add(p);
        }
        return h;
    }
}
