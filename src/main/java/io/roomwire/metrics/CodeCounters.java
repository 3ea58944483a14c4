package io.roomwire.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/** Counters keyed by close code, fixed up front so counting never allocates or registers meters. */
final class CodeCounters {

    private final int[] codes;
    private final LongAdder[] adders;
    private final LongAdder other = new LongAdder();

    CodeCounters(int[] codes) {
        this.codes = codes.clone();
        this.adders = new LongAdder[codes.length];
        for (int i = 0; i < codes.length; i++) {
            adders[i] = new LongAdder();
        }
    }

    void increment(int code) {
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == code) {
                adders[i].increment();
                return;
            }
        }
        other.increment();
    }

    void bind(MeterRegistry registry, String name, String description) {
        for (int i = 0; i < codes.length; i++) {
            FunctionCounter.builder(name, adders[i], LongAdder::sum).description(description)
                    .tag("code", Integer.toString(codes[i])).register(registry);
        }
        FunctionCounter.builder(name, other, LongAdder::sum).description(description).tag("code", "other")
                .register(registry);
    }
}
