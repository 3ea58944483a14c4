package io.roomwire.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The resume window at its edges, on a clock the test moves. */
class IdentityRegistryTests {

    private static final Duration WINDOW = Duration.ofMinutes(2);

    private final AtomicLong now = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
    private final IdentityRegistry registry = new IdentityRegistry(WINDOW, 16, now::get);

    @Test
    void aTokenResumesTheSameUserUntilItsWindowHasPassed() {
        Identity first = registry.connect(null, "ann", null);
        registry.disconnect(first);
        advance(WINDOW.toNanos() - 1);

        Identity resumed = registry.connect(first.token(), "ann", null);
        assertThat(resumed).isSameAs(first);
        registry.disconnect(resumed);
        advance(WINDOW.toNanos());

        Identity fresh = registry.connect(first.token(), "ann", null);
        assertThat(fresh).isNotSameAs(first);
        assertThat(fresh.user().id()).isNotEqualTo(first.user().id());
    }

    @Test
    void anExpiredTokenIsRefusedEvenBeforeTheNextSweep() {
        Identity gone = registry.connect(null, "bob", null);
        registry.disconnect(gone);
        advance(WINDOW.toNanos() - TimeUnit.MILLISECONDS.toNanos(500));
        registry.connect(null, "sweeper", null); // sweeps now: bob still has 500 ms
        advance(TimeUnit.MILLISECONDS.toNanos(600)); // bob's window is over; the next sweep is 400 ms away

        Identity fresh = registry.connect(gone.token(), "bob", null);
        assertThat(fresh).isNotSameAs(gone);
    }

    @Test
    void expiredIdentitiesAreSweptWhileConnectedOnesStay() {
        Identity stays = registry.connect(null, "stays", null);
        for (int i = 0; i < 100; i++) {
            registry.disconnect(registry.connect(null, "u" + i, null));
        }
        assertThat(registry.size()).isEqualTo(101);

        advance(WINDOW.toNanos());
        registry.connect(null, "trigger", null);

        assertThat(registry.size()).isEqualTo(2); // "stays" and "trigger"
        assertThat(registry.connect(stays.token(), "stays", null)).isSameAs(stays);
    }

    private void advance(long nanos) {
        now.addAndGet(nanos);
    }
}
