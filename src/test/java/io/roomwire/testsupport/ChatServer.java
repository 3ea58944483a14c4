package io.roomwire.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The whole application on a random loopback port with small chat limits, shared by every class
 * that tests the protocol at its edges (one cached context for all of them). Text (2000), danmaku
 * (100) and rooms-per-connection (16) limits are left at their defaults on purpose: the tests check
 * them against docs/protocol.md.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "roomwire.chat.max-members-per-room=4",
        "roomwire.chat.history-size=20",
        "roomwire.chat.presence-event-limit=3",
        "roomwire.chat.count-interval=200ms",
        "roomwire.chat.danmaku-per-second=5",
        "roomwire.chat.flood.chat-per-second=10",
        "roomwire.chat.flood.chat-burst=20",
        "roomwire.chat.flood.strikes=8",
        "roomwire.chat.flood.strike-window=10s"})
public @interface ChatServer {

    /** roomwire.chat.max-members-per-room above. */
    int MAX_MEMBERS = 4;
    /** roomwire.chat.history-size above. */
    int HISTORY_SIZE = 20;
    /** roomwire.chat.presence-event-limit above. */
    int PRESENCE_EVENT_LIMIT = 3;
    /** roomwire.chat.danmaku-per-second above (the room's danmaku budget, also its burst). */
    int ROOM_DANMAKU_PER_SECOND = 5;
    /** roomwire.chat.flood.chat-burst above. */
    int CHAT_BURST = 20;
    /** roomwire.chat.flood.strikes above. */
    int STRIKES = 8;
}
