package io.roomwire.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Comma-separated header lists (RFC 9110 §5.6.1) as the opening handshake reads them (RFC 6455 §4.2.1). */
class HeaderTokensTests {

    @Test
    void connectionHeaderOfABrowserContainsUpgrade() {
        // Firefox sends "Connection: keep-alive, Upgrade".
        assertThat(HeaderTokens.contains(List.of("keep-alive, Upgrade"), "upgrade")).isTrue();
    }

    @Test
    void comparisonIgnoresCase() {
        // §4.2.1: "Upgrade ... including the value websocket, treated as an ASCII case-insensitive value".
        assertThat(HeaderTokens.contains(List.of("WebSocket"), "websocket")).isTrue();
        assertThat(HeaderTokens.contains(List.of("websocket"), "WEBSOCKET")).isTrue();
        assertThat(HeaderTokens.contains(List.of("UPGRADE"), "Upgrade")).isTrue();
    }

    @Test
    void everyValueOfARepeatedHeaderIsSearched() {
        assertThat(HeaderTokens.contains(List.of("keep-alive", "Upgrade"), "upgrade")).isTrue();
        assertThat(HeaderTokens.split(List.of("keep-alive, x", "Upgrade"))).containsExactly("keep-alive", "x", "Upgrade");
    }

    @Test
    void aProtocolVersionDoesNotHideTheProtocolName() {
        assertThat(HeaderTokens.contains(List.of("websocket/13"), "websocket")).isTrue();
        assertThat(HeaderTokens.contains(List.of("h2c, websocket/13"), "websocket")).isTrue();
        assertThat(HeaderTokens.contains(List.of("websocket/13"), "websocket/13")).isTrue();
    }

    @Test
    void onlyWholeElementsMatch() {
        assertThat(HeaderTokens.contains(List.of("websockets"), "websocket")).isFalse();
        assertThat(HeaderTokens.contains(List.of("not-websocket"), "websocket")).isFalse();
        assertThat(HeaderTokens.contains(List.of("keep-alive"), "upgrade")).isFalse();
        assertThat(HeaderTokens.contains(List.of("keep-alive upgrade"), "upgrade")).isFalse();
    }

    @Test
    void splitTrimsAndDropsEmptyElements() {
        // RFC 9110 §5.6.1: recipients MUST accept empty list elements and ignore them.
        assertThat(HeaderTokens.split(List.of(" chat ,, superchat , ", ","))).containsExactly("chat", "superchat");
    }

    @Test
    void emptyAndNullValuesHoldNoTokens() {
        assertThat(HeaderTokens.split(List.of())).isEmpty();
        assertThat(HeaderTokens.split(List.of(""))).isEmpty();
        assertThat(HeaderTokens.split(List.of("  ", " , "))).isEmpty();
        assertThat(HeaderTokens.split(Arrays.asList(null, "Upgrade", null))).containsExactly("Upgrade");
        assertThat(HeaderTokens.contains(List.of(), "upgrade")).isFalse();
        assertThat(HeaderTokens.contains(List.of(""), "upgrade")).isFalse();
        assertThat(HeaderTokens.contains(Arrays.asList((String) null), "upgrade")).isFalse();
    }
}
