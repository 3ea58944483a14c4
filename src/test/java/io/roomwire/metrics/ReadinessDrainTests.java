package io.roomwire.metrics;

import io.roomwire.testsupport.ChatClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.RoomWireApplication;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * While the connection drainer closes connections on shutdown, readiness is down (503, so a load
 * balancer sends new clients elsewhere) and liveness stays up. Runs its own application, since it
 * stops it; one client holds its Close reply so the drain lasts about the close timeout.
 */
class ReadinessDrainTests {

    @Test
    void readinessRefusesTrafficWhileConnectionsDrain() throws Exception {
        // Command-line arguments: they outrank every properties file (builder properties are only defaults).
        ConfigurableApplicationContext app = new SpringApplicationBuilder(RoomWireApplication.class)
                .run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                        "--roomwire.admin.password=" + Actuator.ADMIN_PASSWORD,
                        "--roomwire.websocket.close-timeout=3s", "--roomwire.websocket.sweep-interval=100ms",
                        "--roomwire.shutdown.timeout=10s");
        Thread closer = new Thread(app::close, "app-close");
        ChatClient stubborn = null;
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            Actuator actuator = new Actuator(port);
            ApplicationAvailability availability = app.getBean(ApplicationAvailability.class);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(actuator.getAnonymously("/actuator/health/readiness").statusCode()).isEqualTo(200);

            assertThat(actuator.json("/actuator/roomwire").get("accepting").booleanValue()).isTrue();

            stubborn = ChatClient.holdingClose(port, "stubborn");
            stubborn.joinAndAwait("draining");

            closer.start();
            assertThat(stubborn.awaitClose(Duration.ofSeconds(5))).as("close code while draining").isEqualTo(1001);

            // The client still holds its Close reply: the drain is under way.
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
            HttpResponse<String> readiness = actuator.getAnonymously("/actuator/health/readiness");
            assertThat(readiness.statusCode()).as("readiness while draining: " + readiness.body()).isEqualTo(503);
            assertThat(Actuator.JSON.readTree(readiness.body()).get("status").stringValue())
                    .isEqualTo("OUT_OF_SERVICE");
            HttpResponse<String> liveness = actuator.getAnonymously("/actuator/health/liveness");
            assertThat(liveness.statusCode()).as("liveness while draining").isEqualTo(200);

            JsonNode state = actuator.json("/actuator/roomwire");
            assertThat(state.get("accepting").booleanValue()).isFalse();
            assertThat(state.get("connections").get("closing").intValue()).isEqualTo(1);
            assertThat(state.get("connections").get("open").intValue()).isZero();

            stubborn.close();
            closer.join(Duration.ofSeconds(20));
            assertThat(closer.isAlive()).as("application closed in time").isFalse();
            assertThat(app.isActive()).isFalse();
        } finally {
            if (stubborn != null) {
                stubborn.close();
            }
            if (closer.getState() == Thread.State.NEW) {
                app.close();
            }
            closer.join(Duration.ofSeconds(20));
        }
    }

    @Test
    void readinessReturnsWhenTheApplicationIsStartedAgainAfterAStop() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RoomWireApplication.class)
                .run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                        "--roomwire.admin.password=" + Actuator.ADMIN_PASSWORD)) {
            ApplicationAvailability availability = app.getBean(ApplicationAvailability.class);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
            app.stop();
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            app.start();
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        }
    }
}
