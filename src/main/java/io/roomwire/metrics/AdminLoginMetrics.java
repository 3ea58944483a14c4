package io.roomwire.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.roomwire.admin.LoginThrottle;
import org.springframework.stereotype.Component;

/** {@code roomwire_admin_login_failures_total{reason}}: failed admin logins, read from the admin's throttle. */
@Component
class AdminLoginMetrics implements MeterBinder {

    private final LoginThrottle throttle;

    AdminLoginMetrics(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("roomwire.admin.login.failures", throttle, LoginThrottle::badCredentials)
                .description("Admin logins refused, by reason").tag("reason", "bad_credentials").register(registry);
        FunctionCounter.builder("roomwire.admin.login.failures", throttle, LoginThrottle::throttled)
                .description("Admin logins refused, by reason").tag("reason", "throttled").register(registry);
    }
}
