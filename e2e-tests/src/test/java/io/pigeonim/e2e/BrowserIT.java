package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
        List<String> output = new CopyOnWriteArrayList<>();
        // through System.out, not inherited: the forked test JVM's own stdout is failsafe's channel
        Thread echo = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> {
                    output.add(line);
                    System.out.println("[" + file + "] " + line);
                });
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
        Files.write(screenshots.resolve(file + ".log"), output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(() -> file + " failed; its failing tests:\n" + failures(output))
                .isZero();
    }

    /**
     * The failing tests' blocks of the spec reporter's output (from a line marked ✖ to the next test's line) and
     * the evidence {@code pigeon-browser.mjs} prints for a failed test, so that the assertion itself says what
     * failed even where only the end of the build log is kept.
     */
    static String failures(List<String> output) {
        StringBuilder failing = new StringBuilder();
        boolean inFailure = false;
        for (String line : output) {
            String trimmed = line.strip();
            if (trimmed.startsWith("✖")) {
                inFailure = true;
            } else if (trimmed.startsWith("✔") || trimmed.startsWith("ℹ")) {
                inFailure = false;
            }
            boolean evidence = trimmed.startsWith("[evidence]") || trimmed.startsWith("[page error]");
            if ((inFailure || evidence) && failing.length() < 8_000) {
                failing.append(line).append('\n');
            }
        }
        return failing.isEmpty() ? String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()))
                : failing.toString();
    }
}
