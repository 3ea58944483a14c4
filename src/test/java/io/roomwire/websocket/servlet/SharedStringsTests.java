package io.roomwire.websocket.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedStringsTests {

    @Test
    void equalStringsBecomeOneInstance() {
        SharedStrings shared = new SharedStrings();
        String first = shared.share(new String("Mozilla/5.0 (X11; Linux x86_64)"));
        String second = shared.share(new String("Mozilla/5.0 (X11; Linux x86_64)"));
        assertThat(second).isSameAs(first);
        assertThat(shared.share(null)).isNull();
    }

    @Test
    void pastTheLimitAndForLongValuesStringsAreKeptAsTheyCame() {
        SharedStrings shared = new SharedStrings();
        for (int i = 0; i < SharedStrings.LIMIT + 10; i++) {
            shared.share("agent " + i);
        }
        assertThat(shared.size()).isEqualTo(SharedStrings.LIMIT);
        String late = new String("agent " + (SharedStrings.LIMIT + 5));
        assertThat(shared.share(late)).isSameAs(late);
        assertThat(shared.share(new String("agent 3"))).as("still shared below the limit").isSameAs(shared.share("agent 3"));

        String longValue = "x".repeat(SharedStrings.MAX_LENGTH + 1);
        assertThat(shared.share(longValue)).isSameAs(longValue);
        assertThat(shared.size()).isEqualTo(SharedStrings.LIMIT);
    }
}
