package io.roomwire.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.roomwire.gateway.FanoutObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Fan-out meters, fed by the broadcaster through {@link FanoutObserver}:
 * <ul>
 * <li>{@code roomwire.fanout.latency}, a timer of the time to queue one room event on every local
 * member, with a percentile histogram (for {@code histogram_quantile} over any set of nodes) plus
 * fixed SLO buckets from 50&micro;s to 100ms;</li>
 * <li>{@code roomwire.fanout.recipients}, a summary of how many members each event was queued for.</li>
 * </ul>
 * Recording is allocation-free (adders, a max and a fixed bucket array), which matters here: it runs
 * on the publishing thread under the room's lock. Events fanned out before the meters are bound (none
 * in practice: no connection is accepted before the web server starts) are not recorded.
 */
@Component
class FanoutMetrics implements FanoutObserver, MeterBinder {

    /** Fan-out queues by reference, so a healthy one takes micro- rather than milliseconds. */
    private static final Duration[] LATENCY_SLOS = {Duration.ofNanos(50_000), Duration.ofNanos(100_000),
        Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(100)};

    private static final double[] RECIPIENT_SLOS = {1, 10, 100, 1_000, 10_000};

    private volatile Timer latency;
    private volatile DistributionSummary recipients;

    @Override
    public void fanout(long nanos, int recipientCount) {
        Timer timer = latency;
        DistributionSummary summary = recipients;
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
            summary.record(recipientCount);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        DistributionSummary summary = DistributionSummary.builder("roomwire.fanout.recipients")
                .description("Members one room event was queued for")
                .serviceLevelObjectives(RECIPIENT_SLOS)
                .register(registry);
        // Written before the timer: fanout() reads the timer first and then relies on the summary.
        recipients = summary;
        latency = Timer.builder("roomwire.fanout.latency")
                .description("Time to queue one room event on every local member")
                .publishPercentileHistogram()
                .serviceLevelObjectives(LATENCY_SLOS)
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
    }
}
