package io.roomwire.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers for everything the server serves: a Content Security Policy that allows scripts,
 * styles and connections from this origin only (no inline script, no third-party code), while a
 * danmaku stage may play a video and show avatars from any https URL a user pastes. Sets headers
 * only, never wraps the response, and leaves the WebSocket upgrade paths alone. Nothing may frame
 * a page, except the chat page by the origins of {@code roomwire.web.frame-ancestors} (a site that
 * embeds the chat for its signed-in users).
 */
@Component
@EnableConfigurationProperties(WebProperties.class) // also in MVC slice tests, which pick up filters
class SecurityHeadersFilter extends OncePerRequestFilter {

    private static final String BASE = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: https:; media-src 'self' https: blob:; connect-src 'self'; "
            + "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors ";
    static final String POLICY = BASE + "'none'";

    private final String chatPolicy;

    SecurityHeadersFilter(WebProperties web) {
        this.chatPolicy = web.frameAncestors().isEmpty() ? POLICY : BASE + String.join(" ", web.frameAncestors());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.equals("/ws") || path.startsWith("/ws/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        boolean operators = path.startsWith("/admin") || path.startsWith("/api/admin") || path.startsWith("/actuator");
        response.setHeader("Content-Security-Policy", operators ? POLICY : chatPolicy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }
}
