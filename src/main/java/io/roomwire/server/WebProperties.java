package io.roomwire.server;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwire.web.*}: how the pages may be used by other sites.
 *
 * @param frameAncestors origins that may show the chat page in a frame (CSP {@code frame-ancestors}),
 *                       e.g. the site that signs its users in for token mode; empty: no one. The admin
 *                       page is never framed.
 */
@ConfigurationProperties("roomwire.web")
record WebProperties(@DefaultValue List<String> frameAncestors) {

    WebProperties {
        for (String origin : frameAncestors) {
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("roomwire.web.frame-ancestors takes origins such as "
                        + "https://example.com, not '" + origin + "'");
            }
        }
    }
}
