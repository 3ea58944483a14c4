package io.roomwire.gateway;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The application with per-connection flood limits out of the way (the room's danmaku budget stays
 * at its default 200/s) and small outbound queues (256 KB, a quarter of the default; soft limit
 * 16 KB): for ordering under load, slow consumers and concurrency (one cached context for all).
 * The queue bound is the only slack a healthy member has while the thread writing to it is
 * descheduled; at 64 KB (ten 6 KB messages) healthy members were closed as too slow on a busy
 * two-core machine.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "roomwire.chat.flood.chat-per-second=100000",
        "roomwire.chat.flood.chat-burst=100000",
        "roomwire.chat.flood.danmaku-per-second=100000",
        "roomwire.chat.flood.danmaku-burst=100000",
        "roomwire.chat.history-size=2000",
        "roomwire.websocket.max-queued-bytes=256KB",
        "roomwire.delivery.soft-queued-bytes=16KB"})
@interface LoadServer {
}
