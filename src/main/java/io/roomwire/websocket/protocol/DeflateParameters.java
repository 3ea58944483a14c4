package io.roomwire.websocket.protocol;

import java.util.List;

/**
 * What a connection agreed for permessage-deflate (RFC 7692 §7.1), and how to answer the offer.
 * Java's {@code Deflater} always uses a 15-bit window, so the server's window is never smaller;
 * the client's may be (the inflater's 15-bit window reads any smaller one). Immutable.
 *
 * @param serverNoContextTakeover the server resets its compressor after each message (§7.1.1.1)
 * @param clientNoContextTakeover the client does, so the server may drop its inflater between messages
 *                                (§7.1.1.2)
 * @param echoServerMaxWindowBits the offer named {@code server_max_window_bits=15}, which the response
 *                                must then repeat (§7.1.2.1)
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
        boolean echoServerMaxWindowBits) {

    public static final String EXTENSION = "permessage-deflate";

    /** The {@code Sec-WebSocket-Extensions} value of the 101 response: exactly what was agreed. */
    public String responseHeader() {
        StringBuilder b = new StringBuilder(EXTENSION);
        if (serverNoContextTakeover) {
            b.append("; server_no_context_takeover");
        }
        if (clientNoContextTakeover) {
            b.append("; client_no_context_takeover");
        }
        if (echoServerMaxWindowBits) {
            b.append("; server_max_window_bits=15");
        }
        return b.toString();
    }

    /**
     * Accepts the first permessage-deflate offer the server can honour (RFC 7692 §5, §7.1), or null
     * when there is none and the connection goes on uncompressed. An offer is declined for an unknown
     * or repeated parameter, a value where none is allowed, a missing or invalid window size, or a
     * {@code server_max_window_bits} below 15.
     *
     * @param noContextTakeover answer {@code server_no_context_takeover} and
     *                          {@code client_no_context_takeover} whatever was offered (§7.1.1: a
     *                          server may add both), so no zlib state outlives a message
     */
    public static DeflateParameters negotiate(List<ExtensionOffer> offers, boolean noContextTakeover) {
        for (ExtensionOffer offer : offers) {
            if (!offer.name().equals(EXTENSION) || offer.malformed()) {
                continue;
            }
            DeflateParameters accepted = accept(offer, noContextTakeover);
            if (accepted != null) {
                return accepted;
            }
        }
        return null;
    }

    private static DeflateParameters accept(ExtensionOffer offer, boolean noContextTakeover) {
        boolean serverNoContext = false;
        boolean clientNoContext = false;
        boolean serverBits = false;
        boolean clientBits = false;
        for (ExtensionOffer.Param p : offer.params()) {
            switch (p.name()) {
                case "server_no_context_takeover" -> {
                    // §7.1.1.1: no value; §7: a repeated parameter declines the offer.
                    if (serverNoContext || p.value() != null) {
                        return null;
                    }
                    serverNoContext = true;
                }
                case "client_no_context_takeover" -> {
                    // §7.1.1.2: no value.
                    if (clientNoContext || p.value() != null) {
                        return null;
                    }
                    clientNoContext = true;
                }
                case "server_max_window_bits" -> {
                    // §7.1.2.1: a value of 8 to 15 is required; we can only honour 15.
                    if (serverBits || windowBits(p.value()) != 15) {
                        return null;
                    }
                    serverBits = true;
                }
                case "client_max_window_bits" -> {
                    // §7.1.2.2: with no value or 8 to 15; any fits our 15-bit inflater, so no answer needed.
                    if (clientBits || (p.value() != null && windowBits(p.value()) < 0)) {
                        return null;
                    }
                    clientBits = true;
                }
                default -> {
                    // §7: an unknown parameter declines the offer.
                    return null;
                }
            }
        }
        return new DeflateParameters(serverNoContext || noContextTakeover, clientNoContext || noContextTakeover,
                serverBits);
    }

    /** 8 to 15 written as a decimal with no leading zero (§7.1.2.1), else -1. */
    private static int windowBits(String value) {
        if (value == null) {
            return -1;
        }
        return switch (value) {
            case "8" -> 8;
            case "9" -> 9;
            case "10" -> 10;
            case "11" -> 11;
            case "12" -> 12;
            case "13" -> 13;
            case "14" -> 14;
            case "15" -> 15;
            default -> -1;
        };
    }
}
