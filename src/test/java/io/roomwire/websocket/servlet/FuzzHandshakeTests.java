package io.roomwire.websocket.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.roomwire.websocket.EndpointConfig;
import io.roomwire.websocket.WebSocketHandler;
import io.roomwire.websocket.WebSocketPolicy;
import io.roomwire.websocket.WebSocketSession;
import io.roomwire.websocket.protocol.AcceptKey;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Coverage-guided fuzzing (Jazzer) of the opening-handshake checks (RFC 6455 §4.2.1): any method,
 * protocol and set of headers, names and values arbitrary and possibly repeated. The request is Spring's
 * {@code MockHttpServletRequest}, a plain in-memory implementation of the Servlet request (it records
 * nothing and stubs nothing), since the validator reads only the method, protocol, headers and
 * {@code isSecure}. Replays {@code FuzzHandshakeTestsInputs/} in {@code ./mvnw verify}.
 *
 * <p>Invariants: no exception at all; an acceptance only for a GET with exactly one valid key, version 13
 * and a subprotocol the endpoint offers (or none); origin checks never throw.
 */
class FuzzHandshakeTests {

    private static final EndpointConfig ENDPOINT = new EndpointConfig(new WebSocketHandler() {
        @Override
        public void onText(WebSocketSession session, String text) {
        }
    }, WebSocketPolicy.DEFAULTS, List.of("roomwire.v1", "chat"), List.of("https://allowed.example", "http://[::1]:8080"));

    /**
     * The input is read as a request head: the first line is the method, the protocol and optionally
     * {@code secure}; every further line {@code Name: value} is a header (repeatable). So the corpus
     * files are readable handshakes, and the fuzzer mutates them line by line.
     */
    @FuzzTest(maxDuration = "2m")
    void anyHeaderSet(byte[] input) {
        String[] lines = new String(input, StandardCharsets.ISO_8859_1).split("\r?\n", -1);
        String[] first = lines[0].split(" ", -1);
        MockHttpServletRequest request = new MockHttpServletRequest(first[0], "/ws");
        request.setProtocol(first.length > 1 ? first[1] : "");
        request.setSecure(first.length > 2 && first[2].equals("secure"));
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                request.addHeader(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip());
            }
        }

        HandshakeValidator.Outcome outcome = HandshakeValidator.check(request, ENDPOINT);

        if (outcome.accepted()) {
            assertThat(request.getMethod()).isEqualTo("GET");
            assertThat(AcceptKey.isValidKey(outcome.key())).as("key " + outcome.key()).isTrue();
            assertThat(Collections.list(request.getHeaders("Sec-WebSocket-Version"))).hasSize(1);
            assertThat(outcome.subprotocol() == null || ENDPOINT.subprotocols().contains(outcome.subprotocol())).isTrue();
            assertThat(AcceptKey.forKey(outcome.key())).hasSize(28);
        } else {
            assertThat(outcome.rejection().message()).doesNotContain("\n").isNotBlank();
        }
        String origin = request.getHeader("Origin");
        if (origin != null) {
            HandshakeValidator.normalizeOrigin(origin);
            HandshakeValidator.originAllowed(origin, String.valueOf(request.getHeader("Host")), request.isSecure(),
                    ENDPOINT.allowedOrigins());
        }
    }
}
