package io.roomwire.testsupport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The clients one test opens, closed together after it. Also hands out fresh room names, so tests
 * sharing a server never meet in a room. Thread-safe.
 */
public final class ChatClients implements AutoCloseable {

    private final int port;
    private final List<AutoCloseable> opened = new ArrayList<>();

    public ChatClients(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** Connects with {@code name} (null: no name parameter) and awaits {@code hello}. */
    public ChatClient connect(String name) {
        return connect(ChatClient.query("name", name));
    }

    public ChatClient connect(Map<String, String> query) {
        return track(ChatClient.connect(port, query));
    }

    /** Reconnects as the same user with {@code hello.session} of an earlier connection. */
    public ChatClient resume(ChatClient earlier, String name) {
        return connect(ChatClient.query("name", name, "session", earlier.session()));
    }

    public RawSocketClient connectRaw(String name, int receiveBufferSize) throws IOException {
        return track(RawSocketClient.connect(port, ChatClient.query("name", name), receiveBufferSize));
    }

    public synchronized <T extends AutoCloseable> T track(T client) {
        opened.add(client);
        return client;
    }

    /** A room name no other test uses: {@code prefix-xxxxxxxx}. */
    public static String room(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        opened.clear();
    }
}
