package io.roomwire.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A token bucket on a manual clock: starts full, refills continuously at its rate, never above its burst. */
class TokenBucketTests {

    private static final long T0 = 1_000_000_000_000L;
    private static final long MS = 1_000_000L;

    /** Takes tokens at {@code now} until refused; returns how many were granted. */
    private static int drain(TokenBucket bucket, long now) {
        int taken = 0;
        while (bucket.tryTake(now)) {
            taken++;
            assertThat(taken).as("bucket never empties").isLessThan(1_000_000);
        }
        return taken;
    }

    @Test
    void startsFullWithExactlyTheBurst() {
        TokenBucket bucket = new TokenBucket(2, 3, T0);

        assertThat(drain(bucket, T0)).isEqualTo(3);
        assertThat(bucket.tryTake(T0)).as("nothing left at the same instant").isFalse();
    }

    @Test
    void refillsOneTokenPerRatePeriod() {
        TokenBucket bucket = new TokenBucket(2, 3, T0); // one token per 500 ms
        drain(bucket, T0);

        assertThat(bucket.tryTake(T0 + 499 * MS)).as("499 ms: not yet").isFalse();
        assertThat(bucket.tryTake(T0 + 500 * MS)).as("500 ms: one token").isTrue();
        assertThat(bucket.tryTake(T0 + 500 * MS)).as("and only one").isFalse();
        assertThat(drain(bucket, T0 + 1_500 * MS)).as("two more periods, two more tokens").isEqualTo(2);
    }

    @Test
    void fractionsOfATokenAccumulateAcrossRefusedAttempts() {
        TokenBucket bucket = new TokenBucket(10, 1, T0); // one token per 100 ms
        drain(bucket, T0);

        assertThat(bucket.tryTake(T0 + 50 * MS)).isFalse();
        assertThat(bucket.tryTake(T0 + 100 * MS)).as("the half token of the refused attempt is kept").isTrue();
    }

    @Test
    void neverHoldsMoreThanTheBurstHoweverLongItIdles() {
        TokenBucket bucket = new TokenBucket(5, 4, T0);
        drain(bucket, T0);

        assertThat(drain(bucket, T0 + TimeUnit.HOURS.toNanos(1))).isEqualTo(4);
    }

    @Test
    void aClockReadingFromBeforeTheLastOneAddsNothing() {
        TokenBucket bucket = new TokenBucket(1, 1, T0);
        drain(bucket, T0);

        assertThat(bucket.tryTake(T0 - 10_000 * MS)).isFalse();
        assertThat(bucket.tryTake(T0 + 999 * MS)).as("the earlier reading did not move the refill point").isFalse();
        assertThat(bucket.tryTake(T0 + 1_000 * MS)).isTrue();
    }

    @Test
    void aZeroRateBucketNeverRefills() {
        TokenBucket bucket = new TokenBucket(0, 2, T0);

        assertThat(drain(bucket, T0)).isEqualTo(2);
        assertThat(bucket.tryTake(T0 + TimeUnit.DAYS.toNanos(1))).isFalse();
    }

    @Test
    void concurrentTakersAtOneInstantShareExactlyTheBurst() throws Exception {
        int threads = 8;
        TokenBucket bucket = new TokenBucket(0, 1000, T0);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> granted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                granted.add(pool.submit(() -> {
                    start.await();
                    int n = 0;
                    for (int i = 0; i < 500; i++) {
                        if (bucket.tryTake(T0)) {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : granted) {
                total += f.get(10, TimeUnit.SECONDS);
            }
            assertThat(total).as("8 x 500 attempts on 1000 tokens").isEqualTo(1000);
        } finally {
            pool.shutdownNow();
        }
    }
}
