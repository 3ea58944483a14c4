package io.roomwire.auth;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Authentication's beans: the {@link Authenticator} always, the dev issuer only when asked for. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean
    Authenticator authenticator(AuthProperties properties) {
        return new Authenticator(properties, properties.mode() == AuthProperties.Mode.TOKEN
                ? new TokenVerifier(properties, Clock.systemUTC()) : null);
    }

    @Bean
    @ConditionalOnProperty(name = "roomwire.auth.dev.issuer", havingValue = "true")
    DevTokenIssuer devTokenIssuer(AuthProperties properties) {
        return new DevTokenIssuer(properties, Clock.systemUTC());
    }
}
