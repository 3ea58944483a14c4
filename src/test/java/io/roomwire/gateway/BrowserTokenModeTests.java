package io.roomwire.gateway;

import static io.roomwire.testsupport.ChatMessages.chatIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.auth.Tokens;
import io.roomwire.testsupport.Browser;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The web page in token mode, in headless Chromium (README, "Security"): opened with {@code #token=}
 * it signs the token's user in without a name prompt, takes the token out of the address bar, and
 * chats with a signed-in JDK client; opened without a token it says a sign-in is required.
 */
@TokenServer
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrowserTokenModeTests {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    private static String token(String user, String name) {
        return Tokens.hs256(TokenServer.SECRET, Tokens.claims(user, 600).issuer(TokenServer.ISSUER)
                .audience(TokenServer.AUDIENCE).claim("name", name));
    }

    @Test
    void aTokenInTheFragmentSignsTheUserInWithoutANamePrompt() throws Exception {
        String room = ChatClients.room("signed");
        try (Browser tia = Browser.start(1280, 900);
                ChatClient uma = ChatClient.connect(port, ChatClient.query("token", token("uma", "Uma")))) {
            try {
                tia.open("http://127.0.0.1:" + port + "/#token=" + token("tia", "Tia"));
                tia.await(WAIT, d -> "open".equals(tia.find("[data-testid=connection-status]").getAttribute("data-state")));
                assertThat(tia.find("[data-testid=name-input]").isDisplayed()).as("no name prompt").isFalse();
                assertThat(tia.find("#name-text").getDomProperty("textContent")).isEqualTo("Tia");
                assertThat(tia.find("#name-display").getAttribute("aria-label")).isEqualTo("Signed in as Tia");
                assertThat(tia.script("return location.hash")).as("the token left the address bar").isEqualTo("");

                uma.joinAndAwait(room);
                WebElement input = tia.find("[data-testid=room-name-input]");
                input.sendKeys(room);
                tia.find("[data-testid=join-button]").click();
                tia.await(WAIT, d -> tia.findAll("[data-testid=open-room][data-room='" + room + "']").stream()
                        .anyMatch(e -> "joined".equals(e.getAttribute("data-state"))));
                WebElement composer = tia.find("[data-testid=composer-input]");
                composer.sendKeys("signed in and chatting");
                composer.sendKeys(Keys.ENTER);

                var seen = uma.awaitMatching(chatIn(room), WAIT);
                assertThat(seen.get("text").stringValue()).isEqualTo("signed in and chatting");
                assertThat(seen.get("from").get("id").stringValue()).isEqualTo("tia");

                // A reload keeps the user signed in: the token was kept for this tab.
                tia.driver().navigate().refresh();
                tia.await(WAIT, d -> "open".equals(tia.find("[data-testid=connection-status]").getAttribute("data-state")));
                assertThat(tia.find("#name-text").getDomProperty("textContent")).isEqualTo("Tia");
            } catch (RuntimeException | AssertionError e) {
                tia.screenshot("failure-token-mode");
                throw e;
            }
        }
    }

    @Test
    void withoutATokenThePageSaysASignInIsRequired() throws Exception {
        try (Browser nobody = Browser.start(1280, 900)) {
            nobody.open("http://127.0.0.1:" + port + "/");
            nobody.await(WAIT, d -> nobody.find("#connection-text").getDomProperty("textContent").contains("Sign in required"));
            assertThat(nobody.find("[data-testid=name-input]").isDisplayed()).isFalse();
            assertThat(List.of(nobody.find("[data-testid=connection-status]").getAttribute("data-state"))).containsExactly("offline");
        }
    }
}
