package io.roomwire.bench.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The benchmark peer: RoomWire's protocol subset on Spring's stock WebSocket support. */
@SpringBootApplication
@EnableScheduling
public class PeerApplication {

    public static void main(String[] args) {
        SpringApplication.run(PeerApplication.class, args);
    }
}
