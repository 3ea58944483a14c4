package io.roomwire.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The one server configuration the end-to-end echo tests share, so Spring's test context cache
 * starts a single Tomcat for all of them: the echo endpoint on, loopback only, a random port, and
 * two listed origins besides the server's own (one with an implicit default port).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "roomwire.echo.enabled=true",
    "server.address=127.0.0.1",
    "roomwire.websocket.allowed-origins=" + EchoServer.ALLOWED_ORIGIN + "," + EchoServer.ALLOWED_HTTPS_ORIGIN })
public @interface EchoServer {

    /** Listed verbatim in {@code roomwire.websocket.allowed-origins}. */
    String ALLOWED_ORIGIN = "http://allowed.example:8081";

    /** Listed without a port: {@code https://app.example:443} must match it too. */
    String ALLOWED_HTTPS_ORIGIN = "https://app.example";
}
