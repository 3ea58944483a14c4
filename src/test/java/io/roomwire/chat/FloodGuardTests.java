package io.roomwire.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One connection's flood budgets: chat, danmaku and typing are separate buckets; refusals are
 * counted as strikes, and {@code strikes} of them within {@code strikeWindow} mean "close it (1008)".
 */
class FloodGuardTests {

    private static final long T0 = 5_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long WINDOW = Duration.ofSeconds(10).toNanos();

    /** chat 1/s burst 3, danmaku 1/s burst 2, typing 1/s burst 1; 3 strikes in 10 s. */
    private static final ChatProperties.Flood LIMITS =
            new ChatProperties.Flood(1, 3, 1, 2, 1, 1, 3, Duration.ofSeconds(10));

    private final FloodGuard guard = new FloodGuard(LIMITS, T0);

    private static int granted(int attempts, java.util.function.BooleanSupplier attempt) {
        int n = 0;
        for (int i = 0; i < attempts; i++) {
            if (attempt.getAsBoolean()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void eachKindHasItsOwnBurst() {
        assertThat(granted(10, () -> guard.allowMessage(MessageKind.CHAT, T0))).isEqualTo(3);
        assertThat(granted(10, () -> guard.allowMessage(MessageKind.DANMAKU, T0))).isEqualTo(2);
        assertThat(granted(10, () -> guard.allowTyping(T0))).isEqualTo(1);
    }

    @Test
    void exhaustingChatLeavesDanmakuAndTypingUntouched() {
        granted(10, () -> guard.allowMessage(MessageKind.CHAT, T0));
        assertThat(guard.allowMessage(MessageKind.CHAT, T0)).isFalse();

        assertThat(guard.allowMessage(MessageKind.DANMAKU, T0)).isTrue();
        assertThat(guard.allowTyping(T0)).isTrue();
    }

    @Test
    void exhaustingTypingLeavesMessagesUntouched() {
        granted(10, () -> guard.allowTyping(T0));

        assertThat(guard.allowMessage(MessageKind.CHAT, T0)).isTrue();
        assertThat(guard.allowMessage(MessageKind.DANMAKU, T0)).isTrue();
    }

    @Test
    void eachBudgetRefillsAtItsRate() {
        granted(10, () -> guard.allowMessage(MessageKind.CHAT, T0));
        granted(10, () -> guard.allowTyping(T0));

        assertThat(guard.allowMessage(MessageKind.CHAT, T0 + 999 * MS)).isFalse();
        assertThat(guard.allowMessage(MessageKind.CHAT, T0 + 1_000 * MS)).isTrue();
        assertThat(guard.allowTyping(T0 + 1_000 * MS)).isTrue();
        assertThat(guard.allowTyping(T0 + 1_000 * MS)).isFalse();
    }

    @Test
    void strikeReportsFloodingExactlyAtTheLimitWithinTheWindow() {
        assertThat(guard.strike(T0)).as("strike 1 of 3").isFalse();
        assertThat(guard.strike(T0 + 4_000 * MS)).as("strike 2 of 3").isFalse();
        assertThat(guard.strike(T0 + 9_000 * MS)).as("strike 3 of 3, within 10 s").isTrue();
        assertThat(guard.strike(T0 + 9_500 * MS)).as("still flooding").isTrue();
    }

    @Test
    void strikesSpreadWiderThanTheWindowNeverAddUp() {
        long t = T0;
        for (int i = 0; i < 20; i++) {
            t += 5_001 * MS; // any 10 s window holds at most 2 of these
            assertThat(guard.strike(t)).as("strike at +" + (t - T0) / MS + " ms").isFalse();
        }
    }

    @Test
    void theCountStartsAfreshOnceTheWindowHasPassed() {
        guard.strike(T0);
        guard.strike(T0 + 1_000 * MS);

        long later = T0 + 1_000 * MS + WINDOW + 1;
        assertThat(guard.strike(later)).as("the earlier two are out of the window").isFalse();
        assertThat(guard.strike(later + MS)).isFalse();
        assertThat(guard.strike(later + 2 * MS)).as("three within the window again").isTrue();
    }

    @Test
    void aBurstOfStrikesStraddlingAWindowBoundaryStillTrips() {
        // The first strike comes just before a fixed 10 s window from the guard's creation would end
        // and the next two just after: three refusals within 2 ms are flooding by any window.
        long almostWindow = T0 + WINDOW - MS;
        assertThat(guard.strike(almostWindow)).isFalse();
        assertThat(guard.strike(almostWindow + 2 * MS)).isFalse();
        assertThat(guard.strike(almostWindow + 3 * MS)).isTrue();
    }
}
