package io.roomwire.websocket.servlet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which address a handshake comes from, for the per-address limits. The TCP peer, unless that peer is a
 * configured trusted proxy: then {@code X-Forwarded-For} is read from the right (each proxy appends the
 * address it received from), skipping trusted proxies, and the first address no trusted proxy vouches for
 * is the client. Anything else in the header could be written by the client itself, so an untrusted peer's
 * header is ignored and a malformed entry stops the walk at the proxy that reported it. Only IP literals
 * are parsed: nothing here ever resolves a name. Immutable and thread-safe.
 */
final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Block(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    private final List<Block> trusted;

    /** @param trustedProxies IP addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}) */
    ClientAddress(List<String> trustedProxies) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : trustedProxies) {
            String text = entry.trim();
            if (text.isEmpty()) {
                continue;
            }
            int slash = text.indexOf('/');
            byte[] address = parse(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("Not an IP address or CIDR block: " + entry);
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("Bad prefix length in " + entry);
                }
            }
            blocks.add(new Block(address, bits));
        }
        this.trusted = List.copyOf(blocks);
    }

    /**
     * @param peer         the TCP peer ({@code getRemoteAddr()})
     * @param forwardedFor every {@code X-Forwarded-For} header value, in order
     * @return the client's address in canonical form
     */
    String resolve(String peer, List<String> forwardedFor) {
        byte[] peerBytes = parse(peer);
        String client = peerBytes == null ? peer : canonical(peerBytes, peer);
        if (peerBytes == null || !isTrusted(peerBytes) || forwardedFor.isEmpty()) {
            return client;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                hops.add(hop.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = parse(hops.get(i));
            if (hop == null) {
                return client; // garbage: believe no further than the proxy that passed it on
            }
            client = canonical(hop, hops.get(i));
            if (!isTrusted(hop)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(byte[] address) {
        for (Block block : trusted) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The address bytes of an IPv4 or IPv6 literal (IPv6 optionally in brackets), or null. Never does DNS. */
    static byte[] parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.length() > 45 || !(IPV4.matcher(s).matches() || IPV6.matcher(s).matches())) {
            return null;
        }
        if (IPV4.matcher(s).matches()) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            // A literal, checked above, so this parses and never looks a name up.
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String canonical(byte[] address, String fallback) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            return fallback;
        }
    }
}
