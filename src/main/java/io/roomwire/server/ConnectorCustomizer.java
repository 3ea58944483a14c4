package io.roomwire.server;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
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
        boolean tls = factory instanceof AbstractConfigurableWebServerFactory configurable
                && Ssl.isEnabled(configurable.getSsl());
        factory.addConnectorCustomizers(connector -> apply(connector, tls));
    }

    void apply(Connector connector, boolean tls) {
        set(connector, "socket.appReadBufSize", properties.readBuffer().toBytes());
        set(connector, "socket.appWriteBufSize", properties.writeBuffer(tls).toBytes());
    }

    private static void set(Connector connector, String name, long value) {
        if (!connector.setProperty(name, Long.toString(value))) {
            throw new IllegalStateException("Tomcat's connector does not accept " + name + "=" + value);
        }
    }
}
