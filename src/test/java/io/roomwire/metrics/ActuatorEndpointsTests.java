package io.roomwire.metrics;

import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatClientsFixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The operator's endpoints: {@code /actuator/roomwire} (connections by state, rooms, the largest
 * rooms), {@code /actuator/info} with the build, and the health probes.
 */
@MetricsServer
class ActuatorEndpointsTests extends ChatClientsFixture {

    private Actuator actuator;

    @BeforeEach
    void setUp() {
        actuator = new Actuator(port);
        Eventually.await("no connection left", () -> actuator.json("/actuator/roomwire").get("connections")
                .get("total").intValue(), total -> total == 0);
    }

    @Test
    void roomwireEndpointShowsConnectionsAndTheLargestRooms() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String big = "big-" + suffix;
        String small = "small-" + suffix;
        ChatClient a = clients.connect("ep-a");
        ChatClient b = clients.connect("ep-b");
        ChatClient c = clients.connect("ep-c");
        a.joinAndAwait(big);
        b.joinAndAwait(big);
        c.joinAndAwait(big);
        c.joinAndAwait(small);

        JsonNode body = actuator.json("/actuator/roomwire");
        assertThat(body.get("accepting").booleanValue()).isTrue();
        assertThat(body.get("connections").get("total").intValue()).isEqualTo(3);
        assertThat(body.get("connections").get("open").intValue()).isEqualTo(3);
        assertThat(body.get("connections").get("closing").intValue()).isZero();
        assertThat(body.get("rooms").intValue()).isGreaterThanOrEqualTo(2);
        List<JsonNode> top = new ArrayList<>(body.get("topRooms").values());
        assertThat(top).hasSizeBetween(2, 10);
        // Rooms of earlier tests linger empty until their idle TTL: the populated ones lead.
        assertThat(top.get(0).get("name").stringValue()).isEqualTo(big);
        assertThat(top.get(0).get("members").intValue()).isEqualTo(3);
        assertThat(top.get(1).get("name").stringValue()).isEqualTo(small);
        assertThat(top.get(1).get("members").intValue()).isEqualTo(1);
        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i).get("members").intValue()).as("sorted, largest first")
                    .isLessThanOrEqualTo(top.get(i - 1).get("members").intValue());
        }

        a.close();
        Eventually.await("a's departure", () -> actuator.json("/actuator/roomwire"),
                json -> json.get("connections").get("total").intValue() == 2
                        && json.get("topRooms").get(0).get("members").intValue() == 2);
    }

    @Test
    void topRoomsListsTenRooms() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ChatClient a = clients.connect("many-a");
        ChatClient b = clients.connect("many-b");
        List<String> joined = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String room = "many-" + i + "-" + suffix;
            a.joinAndAwait(room);
            joined.add(room);
        }
        b.joinAndAwait(joined.get(7));

        List<JsonNode> top = new ArrayList<>(actuator.json("/actuator/roomwire").get("topRooms").values());
        assertThat(top).hasSize(RoomWireEndpoint.TOP_ROOMS);
        assertThat(top.get(0).get("name").stringValue()).isEqualTo(joined.get(7));
        assertThat(top.get(0).get("members").intValue()).isEqualTo(2);
        for (JsonNode room : top.subList(1, top.size())) {
            assertThat(joined).contains(room.get("name").stringValue());
            assertThat(room.get("members").intValue()).isEqualTo(1);
        }
    }

    @Test
    void roomwireEndpointIsListedAmongTheExposedOnes() {
        JsonNode links = actuator.json("/actuator").get("_links");
        for (String id : List.of("health", "info", "prometheus", "metrics", "roomwire")) {
            assertThat(links.has(id)).as("/actuator links " + id + ": " + links).isTrue();
        }
    }

    @Test
    void infoShowsTheBuild() {
        JsonNode build = actuator.json("/actuator/info").get("build");
        assertThat(build).as("/actuator/info build").isNotNull();
        assertThat(build.get("artifact").stringValue()).isEqualTo("roomwire");
        assertThat(build.get("group").stringValue()).isEqualTo("io.roomwire");
        assertThat(build.get("version").stringValue()).isNotBlank();
        assertThat(build.has("time")).isTrue();
    }

    @Test
    void probesAreUpAndOpenToAnonymousCallers() {
        for (String probe : List.of("/actuator/health/readiness", "/actuator/health/liveness", "/actuator/health")) {
            HttpResponse<String> response = actuator.getAnonymously(probe);
            assertThat(response.statusCode()).as(probe + ": " + response.body()).isEqualTo(200);
            assertThat(Actuator.JSON.readTree(response.body()).get("status").stringValue()).isEqualTo("UP");
        }
        // show-details=when-authorized: an anonymous caller sees the status only, the admin the details.
        JsonNode health = Actuator.JSON.readTree(actuator.getAnonymously("/actuator/health").body());
        assertThat(health.has("components")).as("health details for an anonymous caller: " + health).isFalse();
        JsonNode detailed = actuator.json("/actuator/health");
        assertThat(detailed.path("components").has("readinessState")).as("health for the admin: " + detailed).isTrue();
    }

    @Test
    void roomwireEndpointNeedsTheAdminCredential() {
        HttpResponse<String> anonymous = actuator.getAnonymously("/actuator/roomwire");
        assertThat(anonymous.statusCode()).as("anonymous GET /actuator/roomwire").isEqualTo(401);
    }
}
