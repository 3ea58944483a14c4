package io.roomwire.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.testsupport.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the web page's pure-module tests ({@code frontend/test/*.test.js}) with Node's built-in test
 * runner, so {@code ./mvnw verify} covers them. Without Node the test fails under {@code CI=true}
 * and is skipped elsewhere.
 */
class FrontendUnitTests {

    @Test
    void nodeTestRunnerPasses() throws IOException, InterruptedException {
        String node = ExternalTools.require("node", "Node.js (Debian package nodejs)");
        Process process = new ProcessBuilder(node, "--test", "--test-reporter=spec", "test/")
                .directory(Path.of("frontend").toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("node --test finished").isTrue();
        System.out.println(output);
        assertThat(process.exitValue()).as("node --test exit code; output:%n%s", output).isZero();
        assertThat(output).as("node ran tests").containsPattern("(?m)^. pass [1-9]");
    }
}
