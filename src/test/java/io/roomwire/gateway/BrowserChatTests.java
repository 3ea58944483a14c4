package io.roomwire.gateway;

import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.testsupport.Browser;
import io.roomwire.websocket.CloseStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The web page in headless Chromium against the real server: two independent browsers (two
 * profiles, one phone-sized) chat in a room, see each other's presence and typing, see a danmaku
 * fly across the stage, and one of them, dropped by the server, reconnects and shows the messages
 * sent meanwhile exactly once. Screenshots go to target/screenshots for a human to look at.
 *
 * <p>With permessage-deflate on ({@code shared}, as {@link DeflateNodeClientTests}, so the two share
 * one server): Chromium offers it on every connection, so both pages chat compressed, and the JDK
 * client that joins later does not.
 */
@ChatServer
@TestPropertySource(properties = {"roomwire.websocket.deflate.mode=shared", "roomwire.websocket.deflate.min-size=32B"})
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BrowserChatTests {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    @Autowired
    ConnectionRegistry connections;

    @Test
    void twoPeopleChatInTheBrowserAndARecoveredConnectionShowsEveryMessageOnce() throws Exception {
        String room = ChatClients.room("browser");
        try (Browser alice = Browser.start(1280, 900); Browser bob = Browser.start(390, 844);
                ChatClients clients = new ChatClients(port)) {
            try {
                scenario(room, alice, bob, clients);
            } catch (RuntimeException | AssertionError e) {
                alice.screenshot("failure-alice");
                bob.screenshot("failure-bob");
                throw e;
            }
        }
    }

    private void scenario(String room, Browser alice, Browser bob, ChatClients clients) throws Exception {
        {
            enter(alice, "Alice");
            enter(bob, "Bob");
            join(alice, room);
            join(bob, room);

            // Presence: each sees two members and the other in the roster.
            alice.await(WAIT, d -> text(alice, "[data-testid=presence-count]").contains("2"));
            alice.await(WAIT, d -> rosterNames(alice).stream().anyMatch(n -> n.contains("Bob")));
            bob.await(WAIT, d -> rosterNames(bob).stream().anyMatch(n -> n.contains("Alice")));
            for (String name : List.of("Alice", "Bob")) {
                assertThat(connections.all().stream().filter(c -> c.user().name().equals(name)).findFirst().orElseThrow()
                        .session().extensions()).as(name + "'s Chromium negotiated permessage-deflate")
                        .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
            }

            // Chat both ways; own messages are marked as such.
            say(alice, "Hello Bob, this is the browser");
            WebElement atBob = awaitMessage(bob, "Hello Bob, this is the browser");
            assertThat(atBob.getAttribute("data-own")).isEqualTo("false");
            assertThat(awaitMessage(alice, "Hello Bob, this is the browser").getAttribute("data-own")).isEqualTo("true");
            say(bob, "Hi Alice <b>not bold</b>");
            WebElement atAlice = awaitMessage(alice, "Hi Alice <b>not bold</b>");
            assertThat(atAlice.findElements(org.openqa.selenium.By.tagName("b"))).as("rendered as text").isEmpty();

            // Typing: Bob types without sending; Alice sees the indicator name him.
            bob.find("[data-testid=composer-input]").sendKeys("typing something");
            alice.await(WAIT, d -> text(alice, "[data-testid=typing-indicator]").contains("Bob"));
            bob.find("[data-testid=composer-input]").clear();

            // Danmaku: Alice sends one; it appears on Bob's stage with Alice's colour.
            enableDanmaku(alice);
            enableDanmaku(bob);
            alice.find("[data-testid=danmaku-input]").sendKeys("wow so fast");
            alice.find("[data-testid=danmaku-send]").click();
            bob.await(WAIT, d -> bob.findAll("[data-testid=danmaku]").stream()
                    .anyMatch(e -> e.getDomProperty("textContent").contains("wow so fast")));
            // A fixed one at the top, in a colour of Alice's choosing.
            alice.script("const c = arguments[0]; c.value = '#ff4081';"
                    + " c.dispatchEvent(new Event('input', {bubbles: true})); c.dispatchEvent(new Event('change', {bubbles: true}));",
                    alice.find("[data-testid=danmaku-color]"));
            new Select(alice.find("[data-testid=danmaku-mode]")).selectByValue("top");
            alice.find("[data-testid=danmaku-input]").sendKeys("pinned to the top");
            alice.find("[data-testid=danmaku-send]").click();
            WebElement top = bob.await(WAIT, d -> bob.findAll("[data-testid=danmaku][data-mode=top]").stream()
                    .filter(e -> e.getDomProperty("textContent").contains("pinned to the top")).findFirst().orElse(null));
            assertThat(top.getCssValue("color")).as("the sender's colour").isEqualTo("rgba(255, 64, 129, 1)");
            Thread.sleep(1200); // let the scrolling one reach the middle of the stage for the picture
            // The shared tokens come from theme.css, the page's own from app.css.
            assertThat(alice.script("const s = getComputedStyle(document.documentElement);"
                    + " return [s.getPropertyValue('--accent').trim(), s.getPropertyValue('--own').trim()];"))
                    .as("theme.css and app.css applied").isIn(List.of("#0b57d0", "#e6f0ff"), List.of("#8ab4f8", "#1d2a40"));
            alice.screenshot("chat-desktop");
            bob.screenshot("chat-phone");

            // The server drops Bob; messages are sent while he is away.
            ChatConnection bobOnServer = connections.all().stream()
                    .filter(c -> c.user().name().equals("Bob")).findFirst().orElseThrow();
            bobOnServer.session().close(new CloseStatus(1012, "Service restart"));
            ChatClient carol = clients.connect("Carol");
            carol.joinAndAwait(room);
            assertThat(connections.all().stream().filter(c -> c.user().name().equals("Carol")).findFirst().orElseThrow()
                    .session().extensions()).as("the JDK client, uncompressed").isNull();
            for (int i = 1; i <= 3; i++) {
                carol.chatAndAwaitAck(room, "while you were away " + i, "away-" + i);
            }

            // Bob's page reconnects, rejoins with since, and shows each missed message once.
            bob.await(WAIT, d -> "open".equals(bob.find("[data-testid=connection-status]").getAttribute("data-state"))
                    && connections.all().stream().anyMatch(c -> c.user().name().equals("Bob") && c != bobOnServer));
            for (int i = 1; i <= 3; i++) {
                awaitMessage(bob, "while you were away " + i);
            }
            List<WebElement> messages = bob.findAll("[data-testid=message-list][data-room='" + room + "'] [data-testid=message]");
            List<String> seqs = messages.stream().map(e -> e.getAttribute("data-seq")).toList();
            assertThat(seqs).as("no message shown twice").doesNotHaveDuplicates();
            assertThat(seqs).containsExactly("1", "2", "3", "4", "5");
            bob.screenshot("chat-phone-recovered");
        }
    }

    private void enter(Browser browser, String name) {
        browser.open("http://127.0.0.1:" + port + "/");
        WebElement input = browser.await(WAIT, d -> {
            WebElement e = browser.find("[data-testid=name-input]");
            return e.isDisplayed() ? e : null;
        });
        input.clear();
        input.sendKeys(name);
        browser.find("[data-testid=name-submit]").click();
        browser.await(WAIT, d -> "open".equals(browser.find("[data-testid=connection-status]").getAttribute("data-state")));
    }

    private static void join(Browser browser, String room) {
        WebElement input = browser.find("[data-testid=room-name-input]");
        if (!input.isDisplayed()) {
            browser.find("#nav-toggle").click(); // phone width: the room list is behind a toggle
            browser.await(WAIT, d -> input.isDisplayed());
        }
        input.sendKeys(room);
        browser.find("[data-testid=join-button]").click();
        browser.await(WAIT, d -> browser.findAll("[data-testid=open-room][data-room='" + room + "']").stream()
                .anyMatch(e -> "joined".equals(e.getAttribute("data-state"))));
        WebElement nav = browser.find("#nav-toggle");
        if (nav.isDisplayed() && "true".equals(nav.getAttribute("aria-expanded"))) {
            nav.click(); // back to the room on a phone
        }
    }

    private static void say(Browser browser, String text) {
        WebElement composer = browser.find("[data-testid=composer-input]");
        composer.sendKeys(text);
        composer.sendKeys(Keys.ENTER);
    }

    private static WebElement awaitMessage(Browser browser, String text) {
        return browser.await(WAIT, d -> browser.findAll("[data-testid=message]").stream()
                .filter(e -> e.isDisplayed() && e.getText().contains(text)).findFirst().orElse(null));
    }

    private static void enableDanmaku(Browser browser) {
        WebElement toggle = browser.find("[data-testid=danmaku-toggle]");
        if (!"true".equals(toggle.getAttribute("aria-pressed"))) {
            toggle.click();
        }
        browser.await(WAIT, d -> browser.find("[data-testid=danmaku-stage]").isDisplayed());
    }

    private static List<String> rosterNames(Browser browser) {
        return browser.findAll("[data-testid=roster-item]").stream().map(e -> e.getDomProperty("textContent")).toList();
    }

    /** The element's text whether or not it is on screen (a phone layout hides side panels). */
    private static String text(Browser browser, String selector) {
        return browser.find(selector).getDomProperty("textContent");
    }
}
