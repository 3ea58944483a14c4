package io.roomwire.server;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/** Applies {@link ConnectorProperties} to Tomcat's connector before it starts. */
@Component
class ConnectorCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

    private final ConnectorProperties properties;

    ConnectorCustomizer(ConnectorProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addConnectorCustomizers(this::apply);
    }

    void apply(Connector connector) {
        set(connector, "socket.appReadBufSize", properties.readBuffer().toBytes());
        set(connector, "socket.appWriteBufSize", properties.writeBuffer().toBytes());
    }

    private static void set(Connector connector, String name, long value) {
        if (!connector.setProperty(name, Long.toString(value))) {
            throw new IllegalStateException("Tomcat's connector does not accept " + name + "=" + value);
        }
    }
}
