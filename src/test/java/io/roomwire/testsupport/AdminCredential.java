package io.roomwire.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The admin credential every test context runs with (src/test/resources/config/application.properties). */
public final class AdminCredential {

    public static final String USERNAME = "admin";
    public static final String PASSWORD = "test-admin-password";

    private AdminCredential() {
    }

    /** The value of an {@code Authorization} header for HTTP Basic. */
    public static String basic() {
        return basic(USERNAME, PASSWORD);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
