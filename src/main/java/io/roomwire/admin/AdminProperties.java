package io.roomwire.admin;

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
 */
@ConfigurationProperties("roomwire.admin")
record AdminProperties(
        @DefaultValue("admin") String username,
        @DefaultValue("") String password,
        @DefaultValue("false") boolean openPrometheus) {
}
