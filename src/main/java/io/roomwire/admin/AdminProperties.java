package io.roomwire.admin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwire.admin.*}: the operator credential for {@code /api/admin/**}, the dashboard's data
 * and Actuator (all but health). No password is built in: when none is configured, a random one
 * is generated at startup and logged once.
 *
 * @param username       HTTP Basic user name
 * @param password       HTTP Basic password; empty means "generate one"
 * @param openPrometheus let {@code /actuator/prometheus} be scraped without the credential
 * @param maxFailedLogins failed logins one address may make within {@code failedLoginWindow}; beyond,
 *                        its logins get 429 until the window ends
 * @param failedLoginWindow the window, counted from an address's first failure
 */
@ConfigurationProperties("roomwire.admin")
record AdminProperties(
        @DefaultValue("admin") String username,
        @DefaultValue("") String password,
        @DefaultValue("false") boolean openPrometheus,
        @DefaultValue("10") int maxFailedLogins,
        @DefaultValue("5m") Duration failedLoginWindow) {

    AdminProperties {
        if (maxFailedLogins < 1) {
            throw new IllegalArgumentException("roomwire.admin.max-failed-logins must be at least 1, was " + maxFailedLogins);
        }
        if (!failedLoginWindow.isPositive()) {
            throw new IllegalArgumentException("roomwire.admin.failed-login-window must be positive, was "
                    + failedLoginWindow);
        }
    }
}
