package io.roomwire.gateway;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The application in token mode with the dev issuer, shared (one cached context) by the token-mode tests. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "roomwire.auth.mode=token",
        "roomwire.auth.hmac-secret=" + TokenServer.SECRET,
        "roomwire.auth.issuer=" + TokenServer.ISSUER,
        "roomwire.auth.audience=" + TokenServer.AUDIENCE,
        "roomwire.auth.clock-skew=0s",
        "roomwire.auth.auth-timeout=1s",
        "roomwire.auth.dev.issuer=true",
        "roomwire.chat.private-rooms=secret-.*",
        "roomwire.web.frame-ancestors=https://host.example"})
@interface TokenServer {

    String SECRET = "token-mode-tests-secret-32-bytes-long!";
    String ISSUER = "roomwire-tests";
    String AUDIENCE = "chat";
}
