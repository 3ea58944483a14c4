package io.roomwire.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7692 §5 and §7.1 as a table: each {@code Sec-WebSocket-Extensions} offer and the exact
 * response header the server answers, or "declined" (the connection goes on uncompressed).
 * {@code dedicated} echoes what the client asked for; {@code shared} always adds both
 * {@code no_context_takeover} parameters.
 */
class DeflateNegotiationTests {

    private static final String DECLINED = "declined";

    static Stream<Arguments> offers() {
        return Stream.of(
                row("permessage-deflate", "permessage-deflate",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                row("permessage-deflate; client_max_window_bits", "permessage-deflate",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                row("permessage-deflate; client_max_window_bits=10", "permessage-deflate",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                row("permessage-deflate; client_max_window_bits=\"15\"", "permessage-deflate",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                row("permessage-deflate; server_no_context_takeover",
                        "permessage-deflate; server_no_context_takeover",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                row("permessage-deflate; client_no_context_takeover",
                        "permessage-deflate; client_no_context_takeover",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                row("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                row("permessage-deflate; server_max_window_bits=15",
                        "permessage-deflate; server_max_window_bits=15",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15"),
                row("permessage-deflate;server_max_window_bits=\"15\" ;client_max_window_bits",
                        "permessage-deflate; server_max_window_bits=15",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15"),
                row("PerMessage-Deflate; Client_Max_Window_Bits", "permessage-deflate",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                // §7.1.2.1: a smaller server window is a promise java.util.zip cannot keep.
                row("permessage-deflate; server_max_window_bits=10", DECLINED, DECLINED),
                row("permessage-deflate; server_max_window_bits=8", DECLINED, DECLINED),
                // ... but the client's next offer may do.
                row("permessage-deflate; server_max_window_bits=10, permessage-deflate",
                        "permessage-deflate", "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                row("permessage-deflate; server_max_window_bits=10, permessage-deflate; client_no_context_takeover",
                        "permessage-deflate; client_no_context_takeover",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                // Values out of range, malformed, missing where required, present where forbidden.
                row("permessage-deflate; server_max_window_bits", DECLINED, DECLINED),
                row("permessage-deflate; server_max_window_bits=16", DECLINED, DECLINED),
                row("permessage-deflate; server_max_window_bits=015", DECLINED, DECLINED),
                row("permessage-deflate; client_max_window_bits=7", DECLINED, DECLINED),
                row("permessage-deflate; client_max_window_bits=abc", DECLINED, DECLINED),
                row("permessage-deflate; server_no_context_takeover=1", DECLINED, DECLINED),
                row("permessage-deflate; client_no_context_takeover=\"x\"", DECLINED, DECLINED),
                // §7: duplicate and unknown parameters decline the offer.
                row("permessage-deflate; server_no_context_takeover; server_no_context_takeover", DECLINED, DECLINED),
                row("permessage-deflate; client_max_window_bits; client_max_window_bits=15", DECLINED, DECLINED),
                row("permessage-deflate; mystery", DECLINED, DECLINED),
                row("permessage-deflate; x=\"a,b\", permessage-deflate; client_no_context_takeover",
                        "permessage-deflate; client_no_context_takeover",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                // Broken grammar: the element is skipped, the next one still counts.
                row("permessage-deflate; client_max_window_bits=\"15", DECLINED, DECLINED),
                row("permessage-deflate; =15, permessage-deflate", "permessage-deflate",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                row("permessage-deflate; client_max_window_bits=\"1 5\"", DECLINED, DECLINED),
                // Other extensions are not ours to answer.
                row("x-webkit-deflate-frame", DECLINED, DECLINED),
                row("foo; bar=1, permessage-deflate; client_max_window_bits", "permessage-deflate",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                row("", DECLINED, DECLINED),
                row(" , ,", DECLINED, DECLINED));
    }

    private static Arguments row(String offer, String dedicated, String shared) {
        return Arguments.of(offer, dedicated, shared);
    }

    @ParameterizedTest(name = "[{0}] -> dedicated [{1}], shared [{2}]")
    @MethodSource("offers")
    void offerIsAnsweredExactly(String offer, String dedicated, String shared) {
        assertThat(answer(List.of(offer), false)).as("dedicated").isEqualTo(dedicated);
        assertThat(answer(List.of(offer), true)).as("shared").isEqualTo(shared);
    }

    @Test
    void offersInSeveralHeaderLinesAreReadInOrder() {
        List<String> lines = Arrays.asList("permessage-deflate; server_max_window_bits=9", null,
                "permessage-deflate; server_no_context_takeover");
        assertThat(answer(lines, false)).isEqualTo("permessage-deflate; server_no_context_takeover");
    }

    @Test
    void parserKeepsEveryParameterWithItsValue() {
        List<ExtensionOffer> offers = ExtensionOffer.parse(
                List.of("permessage-deflate; a; b=1; c=\"q\\x\", other ;d = 2 ", "third; e=\"a\"b\""));
        assertThat(offers).hasSize(3);
        assertThat(offers.get(0)).isEqualTo(new ExtensionOffer("permessage-deflate", List.of(
                new ExtensionOffer.Param("a", null), new ExtensionOffer.Param("b", "1"),
                new ExtensionOffer.Param("c", "qx")), false));
        assertThat(offers.get(1)).isEqualTo(new ExtensionOffer("other", List.of(new ExtensionOffer.Param("d", "2")), false));
        assertThat(offers.get(2).malformed()).as("text after a quoted value").isTrue();
    }

    private static String answer(List<String> headerLines, boolean shared) {
        DeflateParameters agreed = DeflateParameters.negotiate(ExtensionOffer.parse(headerLines), shared);
        return agreed == null ? DECLINED : agreed.responseHeader();
    }
}
