package io.roomwire.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomwire.testsupport.RedisServer.Persistence;
import io.roomwire.testsupport.RespClient.ErrorReply;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Redis fixture against a real redis-server: replies of every RESP2 type, restarts, SIGKILL. */
@RequiresRedis
class RedisServerTests {

    @Test
    void answersEveryReplyType() {
        try (RedisServer redis = RedisServer.launch()) {
            assertThat(redis.command("PING")).isEqualTo("PONG");
            assertThat(redis.command("SET", "greeting", "héllo wörld")).isEqualTo("OK");
            assertThat(redis.command("GET", "greeting")).as("bulk string, UTF-8").isEqualTo("héllo wörld");
            assertThat(redis.command("GET", "missing")).as("null bulk string").isNull();
            assertThat(redis.command("INCR", "counter")).isEqualTo(1L);
            assertThat(redis.command("SET", "empty", "")).isEqualTo("OK");
            assertThat(redis.command("GET", "empty")).isEqualTo("");
            assertThat(redis.command("INCR", "greeting")).isInstanceOfSatisfying(ErrorReply.class,
                    error -> assertThat(error.message()).startsWith("ERR"));
            assertThat(redis.command("NO-SUCH-COMMAND")).isInstanceOf(ErrorReply.class);

            String id = (String) redis.command("XADD", "room:lobby", "*", "text", "hi");
            assertThat(redis.command("XRANGE", "room:lobby", "-", "+")).as("nested arrays")
                    .isEqualTo(List.of(List.of(id, List.of("text", "hi"))));
            assertThat(redis.command("DBSIZE")).isEqualTo(4L);
            assertThat(redis.command("FLUSHALL")).isEqualTo("OK");
            assertThat(redis.command("DBSIZE")).isEqualTo(0L);
            assertThat(redis.command("CONFIG", "GET", "bind")).isEqualTo(List.of("bind", "127.0.0.1"));
        }
    }

    @Test
    void pushesMessagesToSubscribersAndDropsThemOnClientKill() {
        try (RedisServer redis = RedisServer.launch(); RespClient subscriber = redis.connect()) {
            assertThat(subscriber.command("SUBSCRIBE", "room:lobby")).isEqualTo(List.of("subscribe", "room:lobby", 1L));
            assertThat(redis.command("PUBLISH", "room:lobby", "hi")).isEqualTo(1L);
            assertThat(subscriber.read(Duration.ofSeconds(5))).isEqualTo(List.of("message", "room:lobby", "hi"));

            assertThat(redis.command("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(1L);
            assertThatThrownBy(() -> subscriber.read(Duration.ofSeconds(5))).isInstanceOf(UncheckedIOException.class);
            assertThat(redis.command("PUBLISH", "room:lobby", "anyone?")).isEqualTo(0L);
        }
    }

    @Test
    void appendOnlyFileKeepsDataOverStopAndKill() {
        try (RedisServer redis = RedisServer.launch(Persistence.AOF)) {
            int port = redis.port();
            redis.command("SET", "kept", "1");
            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(UncheckedIOException.class);

            redis.start();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.command("GET", "kept")).isEqualTo("1");

            redis.command("SET", "fsynced", "2");
            redis.kill();
            redis.start();
            assertThat(redis.command("MGET", "kept", "fsynced")).as("appendfsync always survives SIGKILL")
                    .isEqualTo(List.of("1", "2"));
        }
    }

    @Test
    void withoutPersistenceARestartStartsEmpty() {
        try (RedisServer redis = RedisServer.launch(Persistence.AOF)) {
            redis.command("SET", "written-with-aof", "1");
            redis.stop();
            redis.start(Persistence.NONE);
            assertThat(redis.command("DBSIZE")).as("the old append-only file is not read").isEqualTo(0L);

            redis.command("SET", "lost", "1");
            redis.stop();
            redis.start();
            assertThat(redis.command("GET", "lost")).isNull();
        }
    }

    @Test
    void killEndsTheProcessAndClosesThePort() {
        try (RedisServer redis = RedisServer.launch()) {
            redis.kill();
            assertThat(redis.isRunning()).isFalse();
            assertThat(ChildProcesses.accepts(redis.port())).isFalse();
        }
    }

    @Test
    void pausedServerKeepsItsPortButDoesNotAnswer() {
        try (RedisServer redis = RedisServer.launch(); RespClient client = redis.connect()) {
            redis.pause();
            client.send("PING");
            assertThatThrownBy(() -> client.read(Duration.ofMillis(300))).isInstanceOf(UncheckedIOException.class);
            redis.resume();
            assertThat(client.read(Duration.ofSeconds(5))).isEqualTo("PONG");
        }
    }

    @Test
    void failureToStartShowsTheLogTail() throws Exception {
        try (RedisServer redis = RedisServer.launch()) {
            redis.stop();
            try (ServerSocket squatter = new ServerSocket(redis.port(), 1, ChildProcesses.LOOPBACK)) {
                assertThatThrownBy(redis::start).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("exited")
                        .hasMessageContaining("Address already in use");
            }
            redis.start();
            assertThat(redis.command("PING")).isEqualTo("PONG");
        }
    }
}
