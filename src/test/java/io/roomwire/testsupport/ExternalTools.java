package io.roomwire.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds programs the tests drive (Node, Chromium, ChromeDriver) on the PATH or at their Debian
 * locations. A missing one fails the test when {@code CI=true} ({@code .ci/run} installs them) and
 * skips it on a developer machine that lacks it.
 */
public final class ExternalTools {

    private ExternalTools() {
    }

    public static String require(String name, String whatToInstall, String... knownLocations) {
        String found = find(name, knownLocations);
        if (found == null) {
            String message = name + " not found; install " + whatToInstall;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + " (CI=true: a missing tool is a failure, not a skip)");
            }
            Assumptions.abort(message);
        }
        return found;
    }

    public static String find(String name, String... knownLocations) {
        for (String location : knownLocations) {
            if (Files.isExecutable(Path.of(location))) {
                return location;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }
}
