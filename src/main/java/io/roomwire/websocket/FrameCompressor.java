package io.roomwire.websocket;

/**
 * Compresses one message's payload into a permessage-deflate frame without context takeover, for
 * {@link PreparedMessage#deflatedFrame}. Implemented by the engine; thread-safe.
 */
@FunctionalInterface
public interface FrameCompressor {

    /**
     * The compressed frame (RSV1 set) of the payload {@code [off, off + len)} of {@code buf}, or null
     * when the message is better sent as it is (too small, or it would not shrink).
     */
    byte[] compress(int opcode, byte[] buf, int off, int len);
}
