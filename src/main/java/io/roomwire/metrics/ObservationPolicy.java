package io.roomwire.metrics;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Which observations RoomWire records. Two kinds cost more than they tell:
 * <ul>
 *   <li>{@code http.server.requests} for the WebSocket handshakes on {@code /ws} and
 *       {@code /ws/echo}: a connection storm would time thousands of 101 answers as if they were
 *       HTTP requests. The engine counts them itself ({@code roomwire_connections_opened_total},
 *       {@code roomwire_handshake_rejected_total}).</li>
 *   <li>Spring Security's per-filter observations ({@code spring.security.*}): a timer and scope
 *       around every filter of every request, a third of a handshake's CPU in a JFR profile,
 *       useful only for tracing, which RoomWire does not ship.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ObservationPolicy {

    @Bean
    ObservationPredicate roomwireObservationPredicate() {
        return (name, context) -> {
            if (name.startsWith("spring.security.")) {
                return false;
            }
            if (context instanceof ServerRequestObservationContext http && http.getCarrier() != null) {
                String uri = http.getCarrier().getRequestURI();
                return !(uri.equals("/ws") || uri.startsWith("/ws/"));
            }
            return true;
        };
    }
}
