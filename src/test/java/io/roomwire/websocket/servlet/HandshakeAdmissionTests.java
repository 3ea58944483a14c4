package io.roomwire.websocket.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomwire.websocket.AdmissionLimits;
import io.roomwire.websocket.HandshakeRejection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link HandshakeAdmission} and {@link ClientAddress} at their edges, on a manual clock. */
class HandshakeAdmissionTests {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void handshakesInFlightAreBoundedAndFreedOnExit() {
        HandshakeAdmission admission = new HandshakeAdmission(new AdmissionLimits(0, 0, 0, 2, List.of()), nanos::get);
        assertThat(admission.enterHandshake()).isTrue();
        assertThat(admission.enterHandshake()).isTrue();
        assertThat(admission.enterHandshake()).as("a third at once").isFalse();
        admission.exitHandshake();
        assertThat(admission.enterHandshake()).isTrue();
    }

    @Test
    void connectionSlotsPerAddressAreReservedAndReleased() {
        HandshakeAdmission admission = new HandshakeAdmission(new AdmissionLimits(2, 0, 0, 0, List.of()), nanos::get);
        assertThat(admission.admit("a")).isNull();
        assertThat(admission.admit("a")).isNull();
        assertThat(admission.admit("a")).isEqualTo(HandshakeRejection.TOO_MANY_CONNECTIONS);
        assertThat(admission.admit("b")).isNull();
        admission.release("a");
        assertThat(admission.connections("a")).isEqualTo(1);
        assertThat(admission.admit("a")).isNull();
        admission.release("a");
        admission.release("a");
        admission.release("b");
        assertThat(admission.trackedAddresses()).as("no state left for idle addresses").isZero();
    }

    @Test
    void theRateRefillsContinuouslyUpToTheBurstAndFullBucketsAreForgotten() {
        HandshakeAdmission admission = new HandshakeAdmission(new AdmissionLimits(0, 4, 2, 0, List.of()), nanos::get);
        assertThat(admission.admit("a")).isNull();
        assertThat(admission.admit("a")).isNull();
        assertThat(admission.admit("a")).isEqualTo(HandshakeRejection.HANDSHAKE_RATE);
        nanos.addAndGet(250_000_000L); // a quarter second at 4/s: one token
        assertThat(admission.admit("a")).isNull();
        assertThat(admission.admit("a")).isEqualTo(HandshakeRejection.HANDSHAKE_RATE);
        nanos.addAndGet(10_000_000_000L);
        assertThat(admission.admit("b")).isNull(); // the purge runs on admission, at most once a second
        assertThat(admission.trackedAddresses()).as("a's bucket refilled and was dropped").isEqualTo(1);
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        ClientAddress addresses = new ClientAddress(List.of("10.0.0.0/8", "2001:db8::1"));
        assertThat(addresses.resolve("192.0.2.1", List.of("203.0.113.5"))).as("untrusted peer").isEqualTo("192.0.2.1");
        assertThat(addresses.resolve("10.1.1.1", List.of("203.0.113.5"))).isEqualTo("203.0.113.5");
        assertThat(addresses.resolve("10.1.1.1", List.of("6.6.6.6, 203.0.113.5, 10.2.2.2"))).isEqualTo("203.0.113.5");
        assertThat(addresses.resolve("10.1.1.1", List.of("6.6.6.6", "203.0.113.5"))).as("several headers").isEqualTo("203.0.113.5");
        assertThat(addresses.resolve("10.1.1.1", List.of("10.3.3.3"))).as("all trusted: the leftmost").isEqualTo("10.3.3.3");
        assertThat(addresses.resolve("10.1.1.1", List.of("evil.example, 10.3.3.3"))).as("garbage stops the walk")
                .isEqualTo("10.3.3.3");
        assertThat(addresses.resolve("10.1.1.1", List.of())).isEqualTo("10.1.1.1");
        assertThat(addresses.resolve("2001:db8:0:0:0:0:0:1", List.of("[2001:db8::2]"))).isEqualTo("2001:db8:0:0:0:0:0:2");
        assertThat(addresses.resolve("11.0.0.1", List.of("203.0.113.5"))).as("outside the /8").isEqualTo("11.0.0.1");
    }

    @Test
    void onlyIpLiteralsAreParsedNeverNames() {
        assertThat(ClientAddress.parse("localhost")).isNull();
        assertThat(ClientAddress.parse("256.1.1.1")).isNull();
        assertThat(ClientAddress.parse("1.2.3")).isNull();
        assertThat(ClientAddress.parse("::1")).hasSize(16);
        assertThat(ClientAddress.parse("127.0.0.1")).hasSize(4);
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.example"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
    }
}
