package io.roomwire.bench.loadgen;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One publishing step at one total rate. Times are nanoTime values; a message is measured when its
 * intended send time lies in [measureStart, end). The i-th message of the step (over all publishers)
 * is due at {@code t0 + i * nsPerMessage}, whether or not earlier ones were answered (open loop).
 */
final class Step {
    final int number;
    final double rate;
    final long t0;
    final long measureStart;
    final long end;
    final double nsPerMessage;
    final int publishers;

    final LongAdder sent = new LongAdder();
    final LongAdder sentWarmup = new LongAdder();
    final LongAdder expected = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder skipped = new LongAdder();
    /** Per I/O loop, recorded only by that loop: send-to-receive latency from the intended send time (us). */
    final Histogram[] latency;
    /** Per I/O loop: how late each measured message left the client versus its intended time (us). */
    final Histogram[] sendLag;
    final CountDownLatch loopsDone;

    Step(int number, double rate, long t0, long measureStart, long end, int publishers, int loops) {
        this.number = number;
        this.rate = rate;
        this.t0 = t0;
        this.measureStart = measureStart;
        this.end = end;
        this.nsPerMessage = 1e9 / rate;
        this.publishers = publishers;
        this.latency = new Histogram[loops];
        this.sendLag = new Histogram[loops];
        for (int i = 0; i < loops; i++) {
            latency[i] = Stats.newHistogram();
            sendLag[i] = Stats.newHistogram();
        }
        this.loopsDone = new CountDownLatch(loops);
    }

    boolean measured(long intended) {
        return intended >= measureStart && intended < end;
    }
}
