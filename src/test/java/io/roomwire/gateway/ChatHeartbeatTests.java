package io.roomwire.gateway;

import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClientsFixture;
import io.roomwire.testsupport.ChatMessages;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.RawSocketClient;
import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatClient.command;
import static io.roomwire.testsupport.ChatMessages.is;
import static io.roomwire.testsupport.ChatMessages.presence;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Heartbeats (pings every 200 ms, idle timeout 1 s, close timeout 500 ms here): a client that
 * never answers is closed (1001) and leaves its rooms within a few seconds, while a client that
 * answers pings (the JDK's does by itself) stays connected however quiet it is.
 */
@HeartbeatServer
class ChatHeartbeatTests extends ChatClientsFixture {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

    @Test
    void aClientThatNeverAnswersPingsIsDroppedFromPresenceWhileOneThatDoesStays() throws IOException {
        String room = ChatClients.room("heartbeat");
        ChatClient watcher = clients.connect("watcher");
        assertThat(watcher.hello().get("heartbeat").longValue()).as("heartbeat seconds").isPositive();
        watcher.joinAndAwait(room);
        long watcherQuietSince = System.nanoTime(); // from here on the watcher only answers pings

        RawSocketClient mute = clients.connectRaw("mute", 0);
        JsonNode hello = mute.readJson();
        assertThat(text(hello, "type")).isEqualTo("hello");
        String muteId = text(hello.get("user"), "id");
        mute.sendJson(command("join", "room", room));
        assertThat(text(mute.readJson(), "type")).isEqualTo("joined");
        long joinedAt = System.nanoTime();
        watcher.awaitMatching(presence(room, "join", muteId), TIMEOUT);

        // The mute client reads nothing more and never pongs: others see it leave.
        JsonNode left = watcher.awaitMatching(presence(room, "leave", muteId), Duration.ofSeconds(5));
        Duration after = Duration.ofNanos(System.nanoTime() - joinedAt);
        assertThat(left.get("count").intValue()).isEqualTo(1);
        assertThat(after).as("dropped after the idle timeout, not before")
                .isGreaterThanOrEqualTo(IDLE_TIMEOUT.minusMillis(150));

        // On its socket: pings it ignored, then a Close with 1001 (going away: idle).
        RawSocketClient.Ending ending = mute.readUntilClosed(Duration.ofSeconds(3));
        assertThat(ending.pings()).as("pings received: " + ending.frames()).isPositive();
        assertThat(ending.close()).as("close frame; got " + ending).isNotNull();
        assertThat(ending.closeCode()).isEqualTo(1001);

        // The watcher, silent but answering pings, outlives several idle timeouts.
        Duration quiet = Duration.ofNanos(System.nanoTime() - watcherQuietSince);
        Duration more = IDLE_TIMEOUT.multipliedBy(5).dividedBy(2).minus(quiet);
        watcher.assertNoMatching(is("error"), more.isNegative() ? Duration.ZERO : more);
        assertThat(watcher.isOpen()).as("closed with " + watcher.closeCode()).isTrue();
        assertThat(watcher.chatAndAwaitAck(room, "still here", "alive").get("seq").longValue()).isEqualTo(1);
    }
}
