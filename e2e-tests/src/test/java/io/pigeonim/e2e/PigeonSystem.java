package io.pigeonim.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes sure the whole system runs before a scenario: reuses a system that answers at
 * {@code PIGEON_GATEWAY_URL} (default {@code http://localhost:8080}), otherwise starts one with
 * {@code ./pigeon up} and stops it with {@code ./pigeon down} when the test JVM ends.
 */
public final class PigeonSystem implements BeforeAllCallback {

    static final String GATEWAY = System.getenv().getOrDefault("PIGEON_GATEWAY_URL", "http://localhost:8080");

    private static boolean checked;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ensureUp();
    }

    static synchronized void ensureUp() throws IOException, InterruptedException {
        if (checked) {
            return;
        }
        if (!ready()) {
            Path root = repositoryRoot();
            run(root, "up");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(root, "down");
                } catch (IOException | InterruptedException e) {
                    System.err.println("pigeon down failed: " + e);
                }
            }, "pigeon-down"));
            if (!ready()) {
                throw new IllegalStateException("./pigeon up returned but the gateway is not ready at " + GATEWAY);
            }
        }
        checked = true;
    }

    private static boolean ready() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(GATEWAY + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(Path root, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(root.resolve("pigeon").toString(), command)
                .directory(root.toFile())
                .inheritIO()
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("./pigeon " + command + " did not finish in 10 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("./pigeon " + command + " exited with " + process.exitValue());
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("pigeon"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the ./pigeon runner above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
