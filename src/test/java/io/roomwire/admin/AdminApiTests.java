package io.roomwire.admin;

import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClientsFixture;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.testsupport.AdminCredential;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's REST API over real HTTP against real WebSocket clients: every admin and actuator
 * route refuses anonymous access, errors are RFC 9457 problems with a useful message, and each
 * operation is seen by the clients it concerns (4001 disconnects, mutes, deletions, closes, kicks,
 * notices, settings).
 */
@ChatServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminApiTests extends ChatClientsFixture {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ParameterizedTest(name = "{0} {1} refuses anonymous and wrong credentials")
    @CsvSource({
        "GET, /api/admin/stats", "GET, /api/admin/rooms", "GET, /api/admin/rooms/lobby",
        "GET, /api/admin/connections", "POST, /api/admin/notices", "DELETE, /api/admin/connections/1",
        "DELETE, /api/admin/users/u1/connections", "PATCH, /api/admin/rooms/lobby/settings",
        "GET, /actuator/prometheus", "GET, /actuator/metrics", "GET, /actuator/info", "GET, /actuator" })
    void everyAdminAndActuatorRouteRefusesAnonymousAccess(String method, String path) throws Exception {
        for (String authorization : new String[] {null, AdminCredential.basic("admin", "wrong"),
            AdminCredential.basic("root", AdminCredential.PASSWORD)}) {
            HttpResponse<String> response = send(method, path, "{}", authorization);
            assertThat(response.statusCode()).as("%s %s with %s", method, path, authorization).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(JSON.readTree(response.body()).get("status").intValue()).isEqualTo(401);
        }
    }

    @Test
    void healthThePageAndThePublicRoomListStayOpen() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/", "/api/rooms")) {
            assertThat(send("GET", path, null, null).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(admin("GET", "/actuator/prometheus", null).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
        GET    | /api/admin/rooms?size=0                  |                                   | 400 | size must be between 1 and 200
        GET    | /api/admin/rooms?sort=bogus              |                                   | 400 | sort must be members, activity or name
        GET    | /api/admin/rooms?page=-1                 |                                   | 400 | page must be 0 or more
        GET    | /api/admin/rooms/no-such-room            |                                   | 404 | No room named no-such-room
        GET    | /api/admin/rooms/bad%20name              |                                   | 400 | Room names are 1-64 characters
        GET    | /api/admin/rooms/no-such-room/history    |                                   | 404 | No room named no-such-room
        POST   | /api/admin/notices                       | {not json                         | 400 | not the JSON object
        POST   | /api/admin/notices                       | {"text":"   "}                    | 400 | text is required
        DELETE | /api/admin/connections/nobody            |                                   | 404 | No connection nobody
        DELETE | /api/admin/users/nobody/connections      |                                   | 404 | has no open connection
        GET    | /api/admin/connections?size=201          |                                   | 400 | size must be between 1 and 200
        """)
    void badRequestsGetProblemDetailsThatSayWhatIsWrong(String method, String path, String body, int status,
            String detail) throws Exception {
        HttpResponse<String> response = admin(method, path, body);
        assertProblem(response, status, detail);
    }

    @Test
    void roomOperationsValidateTheirBodies() throws Exception {
        String room = joinedRoom();
        assertProblem(admin("PATCH", "/api/admin/rooms/" + room + "/settings", "{}"), 400, "at least one of");
        assertProblem(admin("PATCH", "/api/admin/rooms/" + room + "/settings", "{\"slowModeSeconds\":-1}"), 400,
                "slowModeSeconds must be between 0 and 3600");
        assertProblem(admin("POST", "/api/admin/rooms/" + room + "/mutes", "{\"userId\":\"u1\",\"durationSeconds\":0}"),
                400, "durationSeconds must be between 1 and");
        assertProblem(admin("POST", "/api/admin/rooms/" + room + "/mutes", "{\"durationSeconds\":60}"), 400,
                "userId is required");
        assertProblem(admin("DELETE", "/api/admin/rooms/" + room + "/messages/999", null), 404, "holds no message 999");
        assertProblem(admin("DELETE", "/api/admin/rooms/" + room + "/members/nobody", null), 404, "is not in room");
    }

    @Test
    void disconnectClosesTheClientWith4001AndAUsersConnectionsCanAllBeClosed() throws Exception {
        ChatClient alice = clients.connect("alice-4001");
        ChatClient again = clients.resume(alice, "alice-4001");
        ChatClient bob = clients.connect("bob-4001");
        JsonNode page = json(admin("GET", "/api/admin/connections?user=bob-4001", null), 200);
        assertThat(page.get("total").intValue()).isEqualTo(1);
        String bobId = page.get("items").get(0).get("id").stringValue();

        assertThat(admin("DELETE", "/api/admin/connections/" + bobId, null).statusCode()).isEqualTo(204);
        assertThat(bob.awaitClose(WAIT)).isEqualTo(4001);

        JsonNode closed = json(admin("DELETE", "/api/admin/users/" + alice.userId() + "/connections", null), 200);
        assertThat(closed.get("closed").intValue()).isEqualTo(2);
        assertThat(alice.awaitClose(WAIT)).isEqualTo(4001);
        assertThat(again.awaitClose(WAIT)).isEqualTo(4001);
    }

    @Test
    void aMutedUsersSendIsRefusedUntilUnmuted() throws Exception {
        String room = ChatClients.room("mute");
        ChatClient carl = clients.connect("carl");
        ChatClient dora = clients.connect("dora");
        carl.joinAndAwait(room);
        dora.joinAndAwait(room);
        JsonNode mute = json(admin("POST", "/api/admin/rooms/" + room + "/mutes",
                "{\"userId\":\"" + carl.userId() + "\",\"durationSeconds\":600}"), 201);
        assertThat(mute.get("until").longValue()).isGreaterThan(System.currentTimeMillis() + 590_000);

        carl.chat(room, "let me speak", "m1");
        assertThat(carl.awaitError("m1", "muted").get("message").stringValue()).contains("muted");
        dora.assertNoMatching(m -> "let me speak".equals(text(m, "text")), Duration.ofMillis(300));
        JsonNode detail = json(admin("GET", "/api/admin/rooms/" + room, null), 200);
        assertThat(detail.get("mutes").get(0).get("userId").stringValue()).isEqualTo(carl.userId());

        assertThat(admin("DELETE", "/api/admin/rooms/" + room + "/mutes/" + carl.userId(), null).statusCode()).isEqualTo(204);
        assertThat(carl.chatAndAwaitAck(room, "thanks", "m2").has("seq")).isTrue();
    }

    @Test
    void deletingAMessageReachesMembersAndLeavesATombstoneInHistory() throws Exception {
        String room = ChatClients.room("delete");
        ChatClient erin = clients.connect("erin");
        ChatClient finn = clients.connect("finn");
        erin.joinAndAwait(room);
        finn.joinAndAwait(room);
        long seq = erin.chatAndAwaitAck(room, "something regrettable", "d1").get("seq").longValue();

        assertThat(admin("DELETE", "/api/admin/rooms/" + room + "/messages/" + seq, null).statusCode()).isEqualTo(204);
        for (ChatClient member : List.of(erin, finn)) {
            JsonNode deleted = member.awaitType("deleted", WAIT);
            assertThat(text(deleted, "room")).isEqualTo(room);
            assertThat(deleted.get("seq").longValue()).isEqualTo(seq);
        }
        JsonNode history = json(admin("GET", "/api/admin/rooms/" + room + "/history", null), 200);
        JsonNode tombstone = history.get("messages").get(0);
        assertThat(tombstone.get("deleted").booleanValue()).isTrue();
        assertThat(text(tombstone, "text")).isEmpty();
        List<JsonNode> clientHistory = finn.history(room, null, null);
        assertThat(clientHistory.getFirst().get("deleted").booleanValue()).isTrue();
        assertThat(text(clientHistory.getFirst(), "text")).isEmpty();
        assertProblem(admin("DELETE", "/api/admin/rooms/" + room + "/messages/" + seq, null), 404, "no message");
    }

    @Test
    void closingARoomAndKickingAMemberSendLeftWithTheirReasons() throws Exception {
        String room = ChatClients.room("close");
        ChatClient gus = clients.connect("gus");
        ChatClient hal = clients.connect("hal");
        ChatClient ivy = clients.connect("ivy");
        gus.joinAndAwait(room);
        hal.joinAndAwait(room);
        ivy.joinAndAwait(room);

        assertThat(admin("DELETE", "/api/admin/rooms/" + room + "/members/" + hal.userId(), null).statusCode()).isEqualTo(204);
        JsonNode kicked = hal.awaitType("left", WAIT);
        assertThat(text(kicked, "reason")).isEqualTo("kicked");
        gus.awaitMatching(m -> "presence".equals(text(m, "type")) && "leave".equals(text(m, "event")), WAIT);
        hal.chat(room, "still here?", "k1");
        hal.awaitError("k1", "not_member");

        assertThat(admin("DELETE", "/api/admin/rooms/" + room, null).statusCode()).isEqualTo(204);
        for (ChatClient member : List.of(gus, ivy)) {
            assertThat(text(member.awaitType("left", WAIT), "reason")).isEqualTo("closed");
        }
        assertProblem(admin("GET", "/api/admin/rooms/" + room, null), 404, "No room named");
        // The members are free to join again (a fresh room) and the connection stays usable.
        assertThat(gus.joinAndAwait(room).get("seq").longValue()).isZero();
    }

    @Test
    void noticesReachTheRoomOrEveryone() throws Exception {
        String room = ChatClients.room("notice");
        ChatClient jo = clients.connect("jo");
        ChatClient kim = clients.connect("kim");
        jo.joinAndAwait(room);

        JsonNode toRoom = json(admin("POST", "/api/admin/rooms/" + room + "/notices", "{\"text\":\"Maintenance at 5\"}"), 202);
        assertThat(toRoom.get("delivered").intValue()).isEqualTo(1);
        JsonNode notice = jo.awaitType("notice", WAIT);
        assertThat(text(notice, "text")).isEqualTo("Maintenance at 5");
        assertThat(text(notice, "room")).isEqualTo(room);

        JsonNode toAll = json(admin("POST", "/api/admin/notices", "{\"text\":\"Hello everyone\"}"), 202);
        assertThat(toAll.get("delivered").intValue()).isGreaterThanOrEqualTo(2);
        assertThat(text(kim.awaitMatching(m -> "notice".equals(text(m, "type")), WAIT), "text")).isEqualTo("Hello everyone");
    }

    @Test
    void settingsChangeTheRoomsLimitsAtOnce() throws Exception {
        String room = ChatClients.room("settings");
        ChatClient lea = clients.connect("lea");
        ChatClient max = clients.connect("max");
        lea.joinAndAwait(room);
        JsonNode settings = json(admin("PATCH", "/api/admin/rooms/" + room + "/settings",
                "{\"maxMembers\":1,\"slowModeSeconds\":60}"), 200);
        assertThat(settings.get("maxMembers").intValue()).isEqualTo(1);
        assertThat(settings.get("slowModeSeconds").intValue()).isEqualTo(60);

        max.send(ChatClient.command("join", "room", room, "ref", "j1"));
        max.awaitError("j1", "room_full");
        lea.chatAndAwaitAck(room, "first", "s1");
        lea.chat(room, "second too soon", "s2");
        assertThat(lea.awaitError("s2", "slow_mode").get("message").stringValue()).contains("Slow mode");

        JsonNode listed = json(admin("GET", "/api/admin/rooms?sort=name&direction=asc&size=200", null), 200);
        boolean found = false;
        for (JsonNode r : listed.get("items")) {
            if (room.equals(text(r, "name"))) {
                found = true;
                assertThat(r.get("members").intValue()).isEqualTo(1);
                assertThat(r.get("latestSeq").longValue()).isEqualTo(1);
                assertThat(r.get("settings").get("slowModeSeconds").intValue()).isEqualTo(60);
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void connectionsShowTheirTrafficAndStatsCountThem() throws Exception {
        String room = ChatClients.room("traffic");
        ChatClient ned = clients.connect("ned-traffic");
        ned.joinAndAwait(room);
        ned.chatAndAwaitAck(room, "one", "t1");
        ned.chatAndAwaitAck(room, "two", "t2");

        JsonNode page = json(admin("GET", "/api/admin/connections?room=" + room, null), 200);
        assertThat(page.get("total").intValue()).isEqualTo(1);
        JsonNode c = page.get("items").get(0);
        assertThat(text(c.get("user"), "name")).isEqualTo("ned-traffic");
        assertThat(c.get("rooms").get(0).stringValue()).isEqualTo(room);
        assertThat(c.get("messagesIn").longValue()).isEqualTo(3); // join + 2 sends
        assertThat(c.get("messagesOut").longValue()).isGreaterThanOrEqualTo(6); // hello, joined, 2 x (message + ack)
        assertThat(c.get("bytesIn").longValue()).isPositive();
        assertThat(c.get("bytesOut").longValue()).isPositive();
        assertThat(text(c, "remoteAddress")).startsWith("127.0.0.1:");

        JsonNode stats = json(admin("GET", "/api/admin/stats", null), 200);
        assertThat(stats.get("connections").intValue()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("rooms").intValue()).isGreaterThanOrEqualTo(1);
        assertThat(stats.has("series")).isTrue();
    }

    // ------------------------------------------------------------------ plumbing

    private String joinedRoom() {
        String room = ChatClients.room("validate");
        clients.connect("validator").joinAndAwait(room);
        return room;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").intValue()).isEqualTo(status);
        assertThat(problem.get("detail").stringValue()).contains(detail);
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "java.");
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.stringValue();
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(method, path, body, AdminCredential.basic());
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
