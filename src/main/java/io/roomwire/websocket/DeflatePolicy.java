package io.roomwire.websocket;

/**
 * Whether and how an endpoint speaks permessage-deflate (RFC 7692). Immutable.
 *
 * @param mode    {@link Mode#OFF}, {@link Mode#SHARED} or {@link Mode#DEDICATED}
 * @param minSize payloads smaller than this many bytes are sent uncompressed
 * @param level   zlib compression level, 1 (fastest) to 9 (smallest), or -1 for zlib's default (6)
 */
public record DeflatePolicy(Mode mode, int minSize, int level) {

    /** What the server does with a client's offer. */
    public enum Mode {
        /** Offers are ignored; the connection is uncompressed. */
        OFF,
        /**
         * No context takeover either way: each broadcast is compressed once and the same frame goes
         * to every member, and no connection holds zlib memory between messages.
         */
        SHARED,
        /** Context takeover as the client offers: the best ratio, one deflater (~256 KB native) per connection. */
        DEDICATED
    }

    public static final DeflatePolicy OFF = new DeflatePolicy(Mode.OFF, 256, 6);

    public DeflatePolicy {
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        if (minSize < 0) {
            throw new IllegalArgumentException("minSize must be zero or positive");
        }
        if (level < -1 || level > 9) {
            throw new IllegalArgumentException("level must be -1 to 9");
        }
    }

    public boolean enabled() {
        return mode != Mode.OFF;
    }
}
