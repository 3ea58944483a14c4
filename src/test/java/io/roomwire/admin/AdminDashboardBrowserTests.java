package io.roomwire.admin;

import static org.assertj.core.api.Assertions.assertThat;

import static io.roomwire.testsupport.ChatMessages.is;
import static io.roomwire.testsupport.ChatMessages.text;

import io.roomwire.testsupport.Browser;
import io.roomwire.testsupport.ChatClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The operator dashboard (frontend/admin/, served at /admin/) in headless Chromium against the real
 * server and its admin API, with two real chat clients (the JDK's WebSocket) in a room: the
 * operator signs in with HTTP Basic, sees the live connection count and the room with its two
 * members, disconnects one client from the connections table (that client gets close code 4001,
 * "disconnected by an operator"), posts a notice to the room from the rooms table (the other
 * client receives it), and a wrong password shows the error. Screenshots go to
 * target/screenshots for a human to look at. Every wait is bounded.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "roomwire.admin.password=dashboard-test-password"})
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AdminDashboardBrowserTests {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ROOM = "dash-room";
    private static final String PASSWORD = "dashboard-test-password";

    @LocalServerPort
    int port;

    @Test
    void operatorSeesTheRoomDisconnectsOneClientAndPostsANoticeToTheOther() throws Exception {
        try (Browser browser = Browser.start(1280, 1000);
                ChatClient ann = ChatClient.connect(port, "dash-ann");
                ChatClient bob = ChatClient.connect(port, "dash-bob")) {
            try {
                scenario(browser, ann, bob);
            } catch (RuntimeException | AssertionError e) {
                browser.screenshot("admin-failure");
                throw e;
            }
        }
    }

    private void scenario(Browser browser, ChatClient ann, ChatClient bob) throws Exception {
        ann.join(ROOM);
        ann.awaitMatching(is("joined", ROOM), WAIT);
        bob.join(ROOM);
        bob.awaitMatching(is("joined", ROOM), WAIT);

        signIn(browser, PASSWORD);
        browser.await(WAIT, d -> browser.find("[data-testid=admin-signout]").isDisplayed());

        // Live tiles: at least our two connections.
        WebElement connectionsTile = browser.find("[data-testid=tile-connections]");
        browser.await(WAIT, d -> number(connectionsTile.getAttribute("data-value")) >= 2);
        assertThat(number(connectionsTile.getText())).isGreaterThanOrEqualTo(2);
        assertThat(number(browser.find("[data-testid=tile-rooms]").getAttribute("data-value"))).isGreaterThanOrEqualTo(1);
        for (String tile : List.of("tile-msgs-in", "tile-msgs-out", "tile-drops")) {
            assertThat(browser.find("[data-testid=" + tile + "]").getText()).as(tile).matches("[0-9.,]+");
        }

        // The rooms table lists the room with its two members.
        String roomRow = "[data-testid=room-row][data-room='" + ROOM + "']";
        WebElement row = browser.await(WAIT, d -> present(browser, roomRow + "[data-members='2']"));
        assertThat(row.findElement(By.cssSelector("th")).getText()).isEqualTo(ROOM);
        assertThat(browser.find("[data-testid=rooms-table] caption").getText()).isNotBlank();

        // The chart: the sampler takes one sample per 5 s; once there is one, there is a drawing and
        // a text alternative that says what it shows.
        browser.await(WAIT, d -> number(browser.find("[data-testid=stats-chart]").getAttribute("data-samples")) >= 1);
        assertThat(browser.findAll("[data-testid=stats-chart] svg")).hasSize(2);
        assertThat(browser.find("[data-testid=chart-summary]").getDomProperty("textContent"))
                .contains("Connections:").contains("Messages in:").contains("Messages out:");
        assertThat(browser.script("const s = getComputedStyle(document.documentElement);"
                + " return [s.getPropertyValue('--accent').trim(), s.getPropertyValue('--grid').trim()];"))
                .as("../theme.css and admin.css applied").isIn(List.of("#0b57d0", "#e1e4e9"), List.of("#8ab4f8", "#2c3037"));
        browser.screenshot("admin-dashboard");

        // Disconnect Bob from the connections table, found by the user filter.
        browser.find("[data-testid=connections-filter-user]").sendKeys("dash-bob");
        browser.await(WAIT, d -> {
            List<WebElement> rows = browser.findAll("[data-testid=connection-row]");
            return rows.size() == 1 && rows.get(0).getText().contains("dash-bob");
        });
        String bobConnection = browser.find("[data-testid=connection-row]").getAttribute("data-connection-id");
        assertThat(bobConnection).isNotBlank();
        click(browser, "[data-testid=connection-row][data-connection-id='" + bobConnection + "'] [data-testid=connection-disconnect]");
        browser.await(WAIT, d -> browser.find("[data-testid=confirm-dialog]").isDisplayed());
        browser.screenshot("admin-confirm-disconnect");
        click(browser, "[data-testid=confirm-ok]");
        assertThat(bob.awaitClose(WAIT)).as("close code to Bob").isEqualTo(4001);
        browser.await(WAIT, d -> browser.findAll("[data-testid=connection-row][data-connection-id='" + bobConnection + "']").isEmpty());
        assertThat(browser.find("[data-testid=connections-status]").getText()).contains("disconnected");
        assertThat(browser.find("[data-testid=connections-error]").getText()).isEmpty();
        browser.await(WAIT, d -> present(browser, roomRow + "[data-members='1']"));

        // Post a notice to the room from the rooms table; Ann receives it.
        click(browser, roomRow + " [data-testid=room-notice]");
        WebElement input = browser.await(WAIT, d -> {
            WebElement e = browser.find("[data-testid=room-notice-input]");
            return e.isDisplayed() ? e : null;
        });
        String notice = "Server maintenance at 18:00 <b>not bold</b>";
        input.sendKeys(notice);
        browser.screenshot("admin-room-notice");
        click(browser, "[data-testid=room-notice-send]");
        JsonNode received = ann.awaitMatching(is("notice"), WAIT);
        assertThat(text(received, "text")).isEqualTo(notice);
        assertThat(text(received, "room")).isEqualTo(ROOM);
        browser.await(WAIT, d -> !browser.find("[data-testid=room-notice-dialog]").isDisplayed());
        assertThat(browser.find("[data-testid=rooms-status]").getText()).isEqualTo("Notice delivered to 1 connection in " + ROOM + ".");

        // Nothing the dashboard drew or did broke the server's Content-Security-Policy.
        assertThat((List<?>) browser.script("return window.cspViolations")).as("CSP violations").isEmpty();

        // Phone width: everything fits the screen (wide tables scroll inside their own region).
        browser.driver().manage().window().setSize(new Dimension(390, 844));
        browser.await(WAIT, d -> (Boolean) browser.script(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
        browser.screenshot("admin-dashboard-phone");

        // Signing out forgets the data shown.
        click(browser, "[data-testid=admin-signout]");
        browser.await(WAIT, d -> browser.find("[data-testid=admin-password]").isDisplayed());
        assertThat(browser.findAll("[data-testid=room-row]")).isEmpty();
        assertThat(browser.findAll("[data-testid=connection-row]")).isEmpty();
    }

    @Test
    void aWrongPasswordShowsTheErrorAndKeepsTheSignInForm() throws Exception {
        try (Browser browser = Browser.start(390, 844)) {
            signIn(browser, "not-the-password");
            WebElement error = browser.await(WAIT, d -> {
                WebElement e = browser.find("[data-testid=admin-error]");
                return e.isDisplayed() && !e.getText().isBlank() ? e : null;
            });
            assertThat(error.getText()).isEqualTo("Wrong username or password");
            assertThat(error.getAttribute("role")).isEqualTo("alert");
            assertThat(browser.find("[data-testid=admin-signin]").isDisplayed()).isTrue();
            assertThat(browser.find("[data-testid=admin-password]").getDomProperty("value")).as("password cleared").isEmpty();
            assertThat(browser.find("[data-testid=admin-signout]").isDisplayed()).isFalse();
            assertThat(browser.find("[data-testid=tile-connections]").isDisplayed()).isFalse();
            browser.screenshot("admin-wrong-password");
        }
    }

    // ------------------------------------------------------------------ browser helpers

    /** Opens /admin/ and signs in as admin; from then on the page records any CSP violation it causes. */
    private void signIn(Browser browser, String password) {
        browser.open("http://127.0.0.1:" + port + "/admin/");
        WebElement user = browser.await(WAIT, d -> {
            WebElement e = browser.find("[data-testid=admin-username]");
            return e.isDisplayed() ? e : null;
        });
        // An inline style or handler, or anything from another origin, would show up here.
        browser.script("window.cspViolations = [];"
                + " document.addEventListener('securitypolicyviolation',"
                + " e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));");
        user.clear();
        user.sendKeys("admin");
        WebElement pass = browser.find("[data-testid=admin-password]");
        pass.clear();
        pass.sendKeys(password);
        click(browser, "[data-testid=admin-signin]");
    }

    /**
     * Clicks the element once it is there and clickable. The tables refresh every 5 s, so a row can
     * be replaced between finding and clicking: that is retried, within the wait.
     */
    private static void click(Browser browser, String selector) {
        browser.await(WAIT, d -> {
            try {
                WebElement e = browser.find(selector);
                if (!e.isDisplayed() || !e.isEnabled()) {
                    return null;
                }
                e.click();
                return true;
            } catch (WebDriverException stale) {
                return null;
            }
        });
    }

    private static WebElement present(Browser browser, String selector) {
        List<WebElement> found = browser.findAll(selector);
        return found.isEmpty() ? null : found.get(0);
    }

    private static long number(String text) {
        if (text == null) {
            return -1;
        }
        String digits = text.replaceAll("[^0-9.]", "");
        return digits.isEmpty() ? -1 : (long) Double.parseDouble(digits);
    }
}
