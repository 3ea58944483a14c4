package io.roomwire.gateway;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The application with fast heartbeats: pings every 200 ms, idle after 1 s, swept every 100 ms. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "roomwire.websocket.ping-interval=200ms",
        "roomwire.websocket.idle-timeout=1s",
        "roomwire.websocket.close-timeout=500ms",
        "roomwire.websocket.sweep-interval=100ms"})
@interface HeartbeatServer {
}
