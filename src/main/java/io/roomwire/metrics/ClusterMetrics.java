package io.roomwire.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.roomwire.cluster.ClusterCounters;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The cluster mode's meters (docs/metrics.md): Redis reachability, script latency, pub/sub and gap fills. */
@Component
class ClusterMetrics implements MeterBinder {

    private final ClusterCounters counters; // null in the in-memory mode

    ClusterMetrics(ObjectProvider<ClusterCounters> counters) {
        this.counters = counters.getIfAvailable();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (counters == null) {
            return;
        }
        Gauge.builder("roomwire.cluster.redis.up", counters, c -> c.isUp() ? 1 : 0)
                .description("1 while this node's heartbeats reach Redis").register(registry);
        counter(registry, "roomwire.cluster.scripts", "Redis scripts run (posts, joins, leaves, history reads)",
                ClusterCounters::scripts);
        FunctionCounter.builder("roomwire.cluster.script.seconds", counters,
                c -> c.scriptNanos() / (double) TimeUnit.SECONDS.toNanos(1))
                .description("Time spent in Redis scripts, round trip included").baseUnit("seconds").register(registry);
        counter(registry, "roomwire.cluster.received", "Pub/sub messages this node received", ClusterCounters::received);
        counter(registry, "roomwire.cluster.duplicates.dropped", "Published messages dropped as already delivered",
                ClusterCounters::duplicatesDropped);
        counter(registry, "roomwire.cluster.gap.fills", "Gaps in a room's seq filled from its stream",
                ClusterCounters::gapFills);
        counter(registry, "roomwire.cluster.gap.messages", "Messages delivered from the stream by gap fills",
                ClusterCounters::gapMessages);
        counter(registry, "roomwire.cluster.failures", "Redis calls that failed (Redis unreachable or erring)",
                ClusterCounters::failures);
        counter(registry, "roomwire.cluster.reconnects", "Times Redis answered again after being unreachable",
                ClusterCounters::reconnects);
        counter(registry, "roomwire.cluster.nodes.reaped", "Dead nodes whose members this node removed",
                ClusterCounters::nodesReaped);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<ClusterCounters> f) {
        FunctionCounter.builder(name, counters, f).description(description).register(registry);
    }
}
