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
 * Makes sure the whole system runs before a scenario, with {@value #CONNECTORS} connector instances behind
 * the gateway (issue 5: as in production, a user's devices and a conversation's members spread over
 * instances).
 *
 * <p>By default the system is the local runner's: {@code ./pigeon up --connectors 2} (idempotent: it starts
 * what is missing, a connector a test killed included, and resizes a running system), and {@code ./pigeon
 * down} when the test JVM ends if nothing ran before. With {@code PIGEON_GATEWAY_URL} set, the scenarios run
 * against that deployment as it is, and those that kill processes fail with a clear message ({@link #local()}):
 * no scenario is ever skipped.
 */
public final class PigeonSystem implements BeforeAllCallback {

    static final int CONNECTORS = 2;
    private static final String EXTERNAL = System.getenv("PIGEON_GATEWAY_URL");
    static final String GATEWAY = EXTERNAL != null ? EXTERNAL : "http://localhost:8080";

    private static boolean checked;
    private static boolean downAtExit;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ensureUp();
    }

    /** Whether the system is the local runner's, whose processes a test may kill and start again. */
    static boolean local() {
        return EXTERNAL == null;
    }

    static synchronized void ensureUp() throws IOException, InterruptedException {
        if (checked && ready()) {
            return;
        }
        if (!local()) {
            if (!ready()) {
                throw new IllegalStateException("PIGEON_GATEWAY_URL=" + GATEWAY + " is not ready");
            }
            checked = true;
            return;
        }
        boolean wasReady = ready();
        run("up", "--connectors", String.valueOf(CONNECTORS));
        if (!wasReady && !downAtExit) {
            downAtExit = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run("down");
                } catch (IOException | InterruptedException e) {
                    System.err.println("pigeon down failed: " + e);
                }
            }, "pigeon-down"));
        }
        if (!ready()) {
            throw new IllegalStateException("./pigeon up returned but the gateway is not ready at " + GATEWAY);
        }
        checked = true;
    }

    /** Starts again whatever of the local system is not running (after a test killed a process). */
    static synchronized void restartMissing() throws IOException, InterruptedException {
        run("up", "--connectors", String.valueOf(CONNECTORS));
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

    private static void run(String... args) throws IOException, InterruptedException {
        Path root = repositoryRoot();
        String[] command = new String[args.length + 1];
        command[0] = root.resolve("pigeon").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("./pigeon " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("./pigeon " + String.join(" ", args) + " exited with " + process.exitValue());
        }
    }

    /** The checkout holding the {@code ./pigeon} runner (and its run folder {@code .run/}). */
    static Path repositoryRoot() {
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
