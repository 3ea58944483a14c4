package io.roomwire.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.roomwire.auth.Authenticator;
import io.roomwire.auth.TokenRefusal;
import org.springframework.stereotype.Component;

/** Token mode's meters: refused tokens by reason, and connections closed because their token expired. */
@Component
class AuthMetrics implements MeterBinder {

    private final Authenticator authenticator;

    AuthMetrics(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (TokenRefusal.Reason reason : TokenRefusal.Reason.values()) {
            FunctionCounter.builder("roomwire.auth.refused", authenticator, a -> a.refused(reason))
                    .description("Signed tokens refused, at the handshake or in auth and refresh messages")
                    .tag("reason", reason.tag()).register(registry);
        }
        FunctionCounter.builder("roomwire.auth.expired.closes", authenticator, Authenticator::expiredCloses)
                .description("Connections closed (4002) because their token expired without a refresh")
                .register(registry);
    }
}
