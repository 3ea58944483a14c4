package io.roomwire;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** RoomWire: chat rooms over our own RFC 6455 engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RoomWireApplication {

    public static void main(String[] args) {
        SpringApplication.run(RoomWireApplication.class, args);
    }
}
