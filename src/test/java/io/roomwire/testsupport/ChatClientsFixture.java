package io.roomwire.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The common frame of the real-server chat tests: the server's port and a fresh {@link ChatClients}
 * per test, every client closed after it. Subclasses carry their own server annotation
 * ({@link ChatServer} or their own properties).
 */
public abstract class ChatClientsFixture {

    @LocalServerPort
    protected int port;

    protected ChatClients clients;

    @BeforeEach
    void openClients() {
        clients = new ChatClients(port);
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }
}
