package io.roomwire.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.logging.Logger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Who may do what: {@code /api/admin/**} and every Actuator endpoint except health need the admin
 * credential (HTTP Basic, stateless, so no CSRF token is involved); the chat page, its assets,
 * {@code /api/rooms} and health are open. The WebSocket paths bypass Spring Security entirely: its
 * filters wrap the request and response, which must not happen to a connection being upgraded
 * (the engine checks origins itself).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class AdminSecurityConfiguration {

    private static final Logger LOG = Logger.getLogger(AdminSecurityConfiguration.class.getName());
    static final String ROLE = "ADMIN";

    @Bean
    WebSecurityCustomizer webSocketPathsBypassSecurity() {
        return web -> web.ignoring().requestMatchers("/ws", "/ws/**");
    }

    @Bean
    LoginThrottle loginThrottle(AdminProperties properties) {
        return new LoginThrottle(properties.maxFailedLogins(), properties.failedLoginWindow(), System::nanoTime);
    }

    @Bean
    SecurityFilterChain adminSecurity(HttpSecurity http, AdminProperties properties) throws Exception {
        http.authorizeHttpRequests(requests -> {
            requests.requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
            if (properties.openPrometheus()) {
                requests.requestMatchers("/actuator/prometheus").permitAll();
            }
            // springdoc also serves the description as /v3/api-docs.yaml: every spelling needs the credential.
            requests.requestMatchers("/api/admin/**", "/actuator/**", "/v3/api-docs*", "/v3/api-docs/**").hasRole(ROLE)
                    .anyRequest().permitAll();
        });
        http.httpBasic(basic -> basic.realmName("RoomWire").authenticationEntryPoint(problemEntryPoint()));
        http.exceptionHandling(e -> e.authenticationEntryPoint(problemEntryPoint()));
        http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        // Stateless HTTP Basic: no cookie carries the credential, so there is nothing for CSRF to ride on.
        http.csrf(csrf -> csrf.disable());
        // The provider bean is the global AuthenticationManager's already; registering it here as well made
        // each failed login run it twice (this chain's manager, then its parent), counting every failure double.
        return http.build();
    }

    /**
     * 401 as an RFC 9457 problem, with the Basic challenge; 429 with {@code Retry-After} (RFC 9110 §10.2.3)
     * for an address over its failed-login budget.
     */
    private static AuthenticationEntryPoint problemEntryPoint() {
        return (request, response, exception) -> {
            if (exception instanceof LoginThrottledException throttled) {
                response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
                response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
                        + "\"detail\":\"Too many failed logins from this address; retry after "
                        + throttled.retryAfterSeconds() + " s\",\"instance\":\""
                        + request.getRequestURI().replace("\"", "") + "\"}");
                return;
            }
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setHeader("WWW-Authenticate", "Basic realm=\"RoomWire\"");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                    + "\"detail\":\"The admin credential (HTTP Basic) is required\",\"instance\":\""
                    + request.getRequestURI().replace("\"", "") + "\"}");
        };
    }

    /**
     * Checks the one admin credential in constant time. Compared as SHA-256 digests, so neither
     * the length nor a common prefix of the password leaks through timing.
     */
    @Bean // a bean, so Spring Boot does not also create its default "user" account
    AuthenticationProvider adminCredential(AdminProperties properties, LoginThrottle throttle) {
        String password = properties.password();
        if (password == null || password.isBlank()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            LOG.warning("No roomwire.admin.password is configured; generated one for this run: " + password
                    + " (user '" + properties.username() + "'). Set roomwire.admin.password to choose your own.");
        }
        byte[] expectedUser = sha256(properties.username());
        byte[] expectedPassword = sha256(password);
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                // The TCP peer, as Basic authentication records it; a throttled address is refused before
                // its password is even compared, so the right one does not help it either.
                String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                        ? details.getRemoteAddress() : "unknown";
                long retryAfter = throttle.retryAfterSeconds(address);
                if (retryAfter > 0) {
                    throw new LoginThrottledException(retryAfter);
                }
                String user = authentication.getName();
                Object credentials = authentication.getCredentials();
                boolean userOk = MessageDigest.isEqual(expectedUser, sha256(user));
                boolean passwordOk = credentials != null && MessageDigest.isEqual(expectedPassword, sha256(credentials.toString()));
                if (!(userOk & passwordOk)) {
                    throttle.failed(address);
                    throw new BadCredentialsException("Bad credentials");
                }
                return UsernamePasswordAuthenticationToken.authenticated(user, null,
                        List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    /** An address over its failed-login budget; answered 429. */
    static final class LoginThrottledException extends AuthenticationException {
        private final long retryAfterSeconds;

        LoginThrottledException(long retryAfterSeconds) {
            super("Too many failed logins");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
