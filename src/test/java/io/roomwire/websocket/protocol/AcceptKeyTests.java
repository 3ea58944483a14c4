package io.roomwire.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 §1.3 / §4.2.2 Sec-WebSocket-Accept, and the §4.2.1 item 5 key check. */
class AcceptKeyTests {

    @Test
    void rfc6455Section1_3Example() {
        // §1.3: "dGhlIHNhbXBsZSBub25jZQ==" + GUID, SHA-1, base64.
        assertThat(AcceptKey.forKey("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "dGhlIHNhbXBsZSBub25jZQ==, s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
        "x3JJHMbDL1EzLkh9GBhXDw==, HSmrc0sMlYUkAGmm5OPpG2HaGWk=",
    })
    void acceptValues(String key, String accept) {
        assertThat(AcceptKey.forKey(key)).isEqualTo(accept);
    }

    @Test
    void theGuidIsTheOneOfSection1_3() {
        assertThat(AcceptKey.GUID).isEqualTo("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    }

    @ParameterizedTest(name = "valid key \"{0}\"")
    @ValueSource(strings = {
        "dGhlIHNhbXBsZSBub25jZQ==", // §1.3
        "x3JJHMbDL1EzLkh9GBhXDw==",
        "AAAAAAAAAAAAAAAAAAAAAA==", // 16 zero bytes
        "/////////////////////w==", // 16 0xFF bytes, '+' and '/' are base64
    })
    void sixteenRandomBytesInBase64AreAValidKey(String key) {
        assertThat(AcceptKey.isValidKey(key)).isTrue();
    }

    @ParameterizedTest(name = "invalid key \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {
        "dGhlIHNhbXBsZSBub25jZQ", // padding missing: 22 characters
        "dGhlIHNhbXBsZSBub25jZQ===", // 25 characters
        "AAAAAAAAAAAAAAAAAAAAAAAA", // 24 characters but 18 bytes
        "AAAAAAAAAAAAAAAAAAAAA===", // bad padding
        "dGhlIHNhbXBsZSBub25jZQ!=", // not base64
        "_____________________w==", // base64url, not base64
        "AAAAAAAAAAAAAAAAAAAAAAAAAAA=", // 20 bytes
        "AAAAAAAAAAAAAAAAAAAA", // 15 bytes, no padding
        "the sample nonce",
    })
    void anythingElseIsNot(String key) {
        assertThat(AcceptKey.isValidKey(key)).isFalse();
    }
}
