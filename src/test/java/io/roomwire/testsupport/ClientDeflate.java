package io.roomwire.testsupport;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A test client's half of permessage-deflate (RFC 7692 §7.2), written against {@code java.util.zip}
 * directly so the engine's compressor and inflater are not checked against themselves.
 */
public final class ClientDeflate {

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private ClientDeflate() {
    }

    /** Raw DEFLATE, sync-flushed, with the 00 00 FF FF tail removed (§7.2.1). */
    public static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            do {
                n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                out.write(buf, 0, n);
            } while (n == buf.length);
            byte[] all = out.toByteArray();
            return Arrays.copyOf(all, all.length - 4);
        } finally {
            deflater.end();
        }
    }

    /** {@code zeros} zero bytes deflated (about 1/1000 of that), tail removed: a zip bomb. */
    public static byte[] bomb(int zeros) {
        return deflate(new byte[zeros]);
    }

    /** Inflates one message's payloads in order with one inflater (context takeover), tail appended (§7.2.2). */
    public static final class Reader {
        private final Inflater inflater = new Inflater(true);

        public byte[] inflate(byte[] compressed) {
            inflater.setInput(concat(compressed, TAIL));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = inflater.inflate(buf)) > 0 || !inflater.needsInput()) {
                    out.write(buf, 0, n);
                    if (n == 0 && inflater.finished()) {
                        break;
                    }
                }
            } catch (DataFormatException e) {
                throw new AssertionError("Server sent invalid DEFLATE data", e);
            }
            return out.toByteArray();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
