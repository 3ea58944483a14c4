package io.roomwire.gateway;

import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatMessages.chatIn;
import static io.roomwire.testsupport.ChatMessages.is;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.auth.Tokens;
import io.roomwire.testsupport.AdminCredential;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.PrometheusScrape;
import io.roomwire.testsupport.RawHandshake;
import io.roomwire.testsupport.RawSocketClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Token mode end to end (docs/protocol.md, "Signed identities"), with real clients: the handshake's
 * 401 for each kind of refused token, the {@code auth} message, refresh and expiry, private rooms by
 * name and by setting, and moderators over the WebSocket. Tokens come from the dev issuer of the
 * admin API, or are signed here for the ones it would not sign.
 */
@TokenServer
class TokenModeTests {

    private static final String SECRET = TokenServer.SECRET;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    private final List<ChatClient> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(ChatClient::close);
    }

    private String token(String user, String name, List<String> rooms, List<String> roles, Long ttlSeconds) throws Exception {
        ObjectNode body = ChatClient.JSON.createObjectNode().put("userId", user).put("name", name);
        body.putPOJO("rooms", rooms);
        body.putPOJO("roles", roles);
        if (ttlSeconds != null) {
            body.put("ttlSeconds", ttlSeconds);
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/admin/dev/tokens")).header("Authorization", AdminCredential.basic())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return ChatClient.JSON.readTree(response.body()).get("token").stringValue();
    }

    private String token(String user) throws Exception {
        return token(user, user, List.of(), List.of(), null);
    }

    private ChatClient signedIn(String token) {
        ChatClient client = ChatClient.connect(port, ChatClient.query("token", token));
        opened.add(client);
        return client;
    }

    private ChatClient pending() {
        ChatClient client = ChatClient.open(port, ChatClient.query());
        opened.add(client);
        return client;
    }

    @Test
    void onlyTheChatPageMayBeFramedAndOnlyByTheConfiguredSite() throws Exception {
        for (String path : List.of("/", "/admin/", "/api/config")) {
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains(path.equals("/admin/") ? "frame-ancestors 'none'"
                    : "frame-ancestors https://host.example");
        }
    }

    @Test
    void aTokenInTheHandshakeSignsTheUserInAsItsClaimsSay() throws Exception {
        ChatClient ann = signedIn(token("ann-1", "Ann", List.of(), List.of(), 600L));

        assertThat(ann.userId()).isEqualTo("ann-1");
        assertThat(ann.userName()).isEqualTo("Ann");
        assertThat(ann.hello().get("expires").longValue()).isBetween(System.currentTimeMillis() + 590_000,
                System.currentTimeMillis() + 601_000);
    }

    @Test
    void aRefusedTokenGetsA401WithItsReasonAndIsCounted() throws Exception {
        double before = PrometheusScrape.of(port).value("roomwire_auth_refused_total", "reason", "expired");
        String expired = Tokens.hs256(SECRET, Tokens.claims("bob", -5).issuer("roomwire-tests").audience("chat"));
        String wrongIssuer = Tokens.hs256(SECRET, Tokens.claims("bob", 60).issuer("elsewhere").audience("chat"));
        String forged = Tokens.hs256("another-secret-that-is-32-bytes-long!!", Tokens.claims("bob", 60)
                .issuer("roomwire-tests").audience("chat"));
        for (String[] c : new String[][] {{expired, "the token has expired"}, {wrongIssuer, "another issuer"},
                {forged, "signature does not verify"}, {"not-a-jwt", "not a signed JWT"},
                {Tokens.unsigned(Tokens.claims("bob", 60)), "signature does not verify"}}) {
            try (RawSocketClient raw = RawSocketClient.connect(port)) {
                RawSocketClient.Response response = raw.send(RawHandshake.to(port, "/ws?token=" + c[0]));
                assertThat(response.status()).as(c[1]).isEqualTo(401);
                assertThat(response.body()).as("one line, no class names").contains(c[1]).doesNotContain("Exception")
                        .endsWith("\n").hasLineCount(1);
                assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
            }
        }
        assertThat(PrometheusScrape.of(port).value("roomwire_auth_refused_total", "reason", "expired"))
                .isEqualTo(before + 1);
    }

    @Test
    void withoutATokenOnlyAuthIsHeardThenHelloFollows() throws Exception {
        ChatClient client = pending();
        client.send(ChatClient.command("join", "room", "lobby", "ref", "j1"));
        client.awaitError("j1", "unauthorized");
        client.send(ChatClient.command("auth", "token", "garbage", "ref", "a1"));
        assertThat(client.awaitError("a1", "unauthorized").get("message").stringValue()).contains("not a signed JWT");
        assertThat(client.received(is("hello"))).as("no hello before a valid token").isEmpty();

        client.authenticate(token("cid"));

        assertThat(client.userId()).isEqualTo("cid");
        client.joinAndAwait("lobby");
        client.send(ChatClient.command("auth", "token", token("cid"), "ref", "a2"));
        client.awaitError("a2", "bad_request");
    }

    @Test
    void aConnectionThatNeverAuthenticatesIsClosedWith4003() {
        ChatClient client = pending();
        assertThat(client.awaitClose(Duration.ofSeconds(5))).isEqualTo(4003);
    }

    @Test
    void anExpiringTokenClosesWith4002UnlessRefreshedBySameUser() throws Exception {
        ChatClient refreshed = signedIn(token("dee", "Dee", List.of(), List.of(), 2L));
        ChatClient lapsed = signedIn(token("eve", "Eve", List.of(), List.of(), 2L));

        refreshed.send(ChatClient.command("refresh", "token", token("eve"), "ref", "r0"));
        assertThat(refreshed.awaitError("r0", "unauthorized").get("message").stringValue()).contains("another user");
        refreshed.send(ChatClient.command("refresh", "token", token("dee", "Dee", List.of(), List.of(), 600L), "ref", "r1"));
        JsonNode answer = refreshed.awaitMatching(is("refreshed"), TIMEOUT);
        assertThat(answer.get("expires").longValue()).isGreaterThan(System.currentTimeMillis() + 500_000);

        assertThat(lapsed.awaitClose(Duration.ofSeconds(6))).isEqualTo(4002);
        refreshed.joinAndAwait("after-refresh");
        assertThat(PrometheusScrape.of(port).value("roomwire_auth_expired_closes_total")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aPrivateRoomTakesOnlyUsersWhoseTokenGrantsIt() throws Exception {
        ChatClient outsider = signedIn(token("out"));
        ChatClient insider = signedIn(token("in", "In", List.of("secret-*"), List.of(), null));

        outsider.send(ChatClient.command("join", "room", "secret-plans", "ref", "j1"));
        outsider.awaitError("j1", "forbidden");
        insider.joinAndAwait("secret-plans");

        // An operator makes a room private: the next joins are checked.
        String team = ChatClients.room("team");
        outsider.joinAndAwait(team);
        HttpResponse<String> patch = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/admin/rooms/" + team + "/settings")).header("Authorization", AdminCredential.basic())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"privateRoom\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(200);
        assertThat(ChatClient.JSON.readTree(patch.body()).get("privateRoom").booleanValue()).isTrue();
        ChatClient other = signedIn(token("other"));
        other.send(ChatClient.command("join", "room", team, "ref", "j2"));
        other.awaitError("j2", "forbidden");

        // Neither kind of private room is listed publicly.
        HttpResponse<String> listed = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/rooms")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listed.body()).doesNotContain("secret-plans").doesNotContain(team);
    }

    @Test
    void moderatorsMuteDeleteAndKickOverTheWebSocket() throws Exception {
        String room = ChatClients.room("modded");
        ChatClient mod = signedIn(token("mod", "Mod", List.of(), List.of("moderator"), null));
        ChatClient pat = signedIn(token("pat"));
        ChatClient sam = signedIn(token("sam"));
        for (ChatClient c : List.of(mod, pat, sam)) {
            c.joinAndAwait(room);
        }
        long seq = pat.chatAndAwaitAck(room, "spam", "p1").get("seq").longValue();

        sam.send(ChatClient.command("mute", "room", room, "user", "pat", "seconds", 60, "ref", "s1"));
        sam.awaitError("s1", "forbidden");

        mod.send(ChatClient.command("mute", "room", room, "user", "pat", "seconds", 60, "ref", "m1"));
        assertThat(mod.awaitMatching(is("moderated"), TIMEOUT).get("action").stringValue()).isEqualTo("mute");
        pat.chat(room, "more spam", "p2");
        pat.awaitError("p2", "muted");

        mod.send(ChatClient.command("delete", "room", room, "seq", seq, "ref", "m2"));
        sam.awaitMatching(is("deleted", room), TIMEOUT);
        mod.send(ChatClient.command("delete", "room", room, "seq", 999, "ref", "m3"));
        mod.awaitError("m3", "not_found");

        mod.send(ChatClient.command("kick", "room", room, "user", "pat", "ref", "m4"));
        assertThat(pat.awaitMatching(is("left", room), TIMEOUT).get("reason").stringValue()).isEqualTo("kicked");

        // An operator makes sam a moderator of this room only.
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/admin/rooms/" + room + "/moderators/sam")).header("Authorization", AdminCredential.basic())
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(204);
        sam.send(ChatClient.command("unmute", "room", room, "user", "pat", "ref", "s2"));
        assertThat(sam.awaitMatching(is("moderated"), TIMEOUT).get("action").stringValue()).isEqualTo("unmute");
        sam.send(ChatClient.command("unmute", "room", room, "user", "pat", "ref", "s3"));
        sam.awaitError("s3", "not_found");
        assertThat(mod.received(chatIn(room))).hasSize(1);
    }
}
