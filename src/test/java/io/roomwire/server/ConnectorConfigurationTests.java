package io.roomwire.server;

import io.roomwire.testsupport.ChatServer;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** The running Tomcat got the per-connection buffer sizes (defaults: 512 B each; WebSocket frames go straight to the socket) and connection limits. */
@ChatServer
class ConnectorConfigurationTests {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void tomcatsSocketBuffersAreTheConfiguredSizes() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();

        assertThat(connector.getProperty("socket.appReadBufSize")).isEqualTo("512");
        assertThat(connector.getProperty("socket.appWriteBufSize")).isEqualTo("512");
        assertThat(connector.getProperty("maxConnections")).as("application.properties").isEqualTo(19000);
        assertThat(connector.getProperty("acceptCount")).isEqualTo(1024);
    }
}
