package io.roomwire.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fan-out observer on its own: what it records, before and after binding, and at what cost. */
class FanoutMetricsTests {

    private final FanoutMetrics metrics = new FanoutMetrics();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void recordsLatencyAndRecipientsOncePerFanout() {
        metrics.bindTo(registry);
        metrics.fanout(2_000_000, 5);
        metrics.fanout(40_000, 0);

        Timer latency = registry.get("roomwire.fanout.latency").timer();
        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(2_040_000);
        assertThat(latency.max(TimeUnit.NANOSECONDS)).isEqualTo(2_000_000);
        DistributionSummary recipients = registry.get("roomwire.fanout.recipients").summary();
        assertThat(recipients.count()).isEqualTo(2);
        assertThat(recipients.totalAmount()).isEqualTo(5);

        PrometheusText scrape = new PrometheusText(registry.scrape());
        assertThat(scrape.value("roomwire_fanout_latency_seconds_bucket", "le", "5.0E-5")).as("<= 50us").isEqualTo(1);
        assertThat(scrape.value("roomwire_fanout_latency_seconds_bucket", "le", "0.001")).as("<= 1ms").isEqualTo(1);
        assertThat(scrape.value("roomwire_fanout_latency_seconds_bucket", "le", "0.0025")).as("<= 2.5ms").isEqualTo(2);
        assertThat(scrape.value("roomwire_fanout_latency_seconds_bucket", "le", "+Inf")).isEqualTo(2);
        assertThat(scrape.value("roomwire_fanout_recipients_bucket", "le", "1.0")).isEqualTo(1);
        assertThat(scrape.value("roomwire_fanout_recipients_bucket", "le", "10.0")).isEqualTo(2);
    }

    @Test
    void fanoutsBeforeBindingAreIgnored() {
        metrics.fanout(1_000, 3);
        metrics.bindTo(registry);
        assertThat(registry.get("roomwire.fanout.latency").timer().count()).isZero();
    }
}
