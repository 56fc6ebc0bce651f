package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pigeon.js and the demo page in a real browser (Debian's Chromium, headless, driven by playwright-core) against
 * the running system: each scenario of {@code e2e-tests/browser/*.test.mjs} is one node test file, run here so that
 * it needs the system this module starts. Screenshots land in {@code target/browser-screenshots}.
 *
 * @implNote Node's test runner, not a Java WebDriver: playwright's network emulation (offline) and its one
 *     npm package keep the scenarios short, and the same files run by hand ({@code npm test} in that folder)
 *     against {@code ./pigeon up}.
 */
@ExtendWith(PigeonSystem.class)
class BrowserIT {

    private static final Path BROWSER_TESTS = PigeonSystem.repositoryRoot().resolve("e2e-tests/browser");
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"storage.test.mjs", "demo-chat.test.mjs", "reload.test.mjs", "group.test.mjs", "cors.test.mjs"})
    void scenarioPassesInHeadlessChromium(String file) throws Exception {
        assertThat(Path.of(CHROMIUM)).as("Chromium (apt-get install chromium; .ci/run installs it)").isExecutable();
        assertThat(BROWSER_TESTS.resolve("node_modules/playwright-core"))
                .as("playwright-core (npm ci in e2e-tests/browser; .ci/run does it)").isDirectory();
        Path screenshots = Path.of("target", "browser-screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        ProcessBuilder node = new ProcessBuilder(List.of("node", "--test", "--test-reporter=spec",
                "--test-timeout=240000", file))
                .directory(BROWSER_TESTS.toFile())
                .redirectErrorStream(true);
        node.environment().put("PIGEON_GATEWAY_URL", PigeonSystem.GATEWAY);
        node.environment().put("PIGEON_SCREENSHOTS", screenshots.toString());
        node.environment().put("CHROMIUM_PATH", CHROMIUM);
        Process process = node.start();
        // through System.out, not inherited: the forked test JVM's own stdout is failsafe's channel
        Thread echo = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> System.out.println("[" + file + "] " + line));
            } catch (IOException e) {
                System.out.println("[" + file + "] output lost: " + e);
            }
        }, "node-output");
        echo.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(file + " did not finish in 5 minutes");
        }
        echo.join(10_000);
        assertThat(process.exitValue()).as(file + " (its node test output is above)").isZero();
    }
}
