package io.roomwire.gateway;

import io.roomwire.testsupport.ChatServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The common frame of the real-server chat tests: the server's port and a fresh {@link ChatClients}
 * per test, every client closed after it. Subclasses carry their own server annotation
 * ({@link ChatServerTest} or their own properties).
 */
abstract class ChatClientsTest {

    @LocalServerPort
    int port;

    ChatClients clients;

    @BeforeEach
    void openClients() {
        clients = new ChatClients(port);
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }
}
