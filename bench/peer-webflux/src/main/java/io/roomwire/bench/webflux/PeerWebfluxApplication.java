package io.roomwire.bench.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The WebFlux benchmark peer: RoomWire's protocol subset on Spring WebFlux's WebSocket support (Reactor Netty). */
@SpringBootApplication
@EnableScheduling
public class PeerWebfluxApplication {

    public static void main(String[] args) {
        SpringApplication.run(PeerWebfluxApplication.class, args);
    }
}
