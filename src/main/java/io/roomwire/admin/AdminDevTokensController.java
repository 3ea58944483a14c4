package io.roomwire.admin;

import io.roomwire.auth.DevTokenIssuer;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/admin/dev/tokens}: signs a token for any user, so token mode can be tried without
 * an identity provider. Only with {@code roomwire.auth.dev.issuer=true}, and behind the admin
 * credential like the rest of the admin API.
 */
@RestController
@RequestMapping("/api/admin/dev/tokens")
@ConditionalOnProperty(name = "roomwire.auth.dev.issuer", havingValue = "true")
class AdminDevTokensController {

    static final long MAX_TTL_SECONDS = 24 * 3600;

    /** What the token says: {@code userId} becomes {@code sub}; {@code rooms} are private-room patterns. */
    record TokenRequest(String userId, String name, String avatar, List<String> rooms, List<String> roles,
            Long ttlSeconds) {
    }

    record TokenResponse(String token) {
    }

    private final DevTokenIssuer issuer;

    AdminDevTokensController(DevTokenIssuer issuer) {
        this.issuer = issuer;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    TokenResponse sign(@RequestBody TokenRequest request) {
        if (request == null || request.userId() == null || request.userId().isBlank()
                || request.userId().length() > AdminRoomsController.MAX_USER_ID) {
            throw AdminRequestException.badRequest("userId is required (1-" + AdminRoomsController.MAX_USER_ID + " characters)");
        }
        if (request.ttlSeconds() != null && (request.ttlSeconds() < 1 || request.ttlSeconds() > MAX_TTL_SECONDS)) {
            throw AdminRequestException.badRequest("ttlSeconds must be between 1 and " + MAX_TTL_SECONDS);
        }
        return new TokenResponse(issuer.sign(request.userId(), request.name(), request.avatar(), request.rooms(),
                request.roles(), request.ttlSeconds() == null ? null : Duration.ofSeconds(request.ttlSeconds())));
    }
}
