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
 *
 * <p>Probes and metrics are on each service's management port, never the gateway's public port (PROTOCOL.md §6):
 * locally the service port + 10000 ({@link #managementUrl}); for a deployment, {@code PIGEON_GATEWAY_MANAGEMENT_URL}
 * (by default the same scheme and host as {@code PIGEON_GATEWAY_URL}, its port + 10000).
 */
public final class PigeonSystem implements BeforeAllCallback {

    static final int CONNECTORS = 2;
    private static final String EXTERNAL = System.getenv("PIGEON_GATEWAY_URL");
    static final String GATEWAY = EXTERNAL != null ? EXTERNAL : "http://localhost:8080";
    /** The local runner's management port of a process: its service port + this (the runner's MANAGEMENT_OFFSET). */
    static final int MANAGEMENT_OFFSET = 10000;
    static final String GATEWAY_MANAGEMENT = System.getenv().getOrDefault("PIGEON_GATEWAY_MANAGEMENT_URL",
            managementUrl(URI.create(GATEWAY)));

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

    /** The management base URL of the process whose service answers at {@code service}. */
    static String managementUrl(URI service) {
        int port = service.getPort() != -1 ? service.getPort() : "https".equals(service.getScheme()) ? 443 : 80;
        return service.getScheme() + "://" + service.getHost() + ":" + (port + MANAGEMENT_OFFSET);
    }

    /** Starts again whatever of the local system is not running (after a test killed a process). */
    static synchronized void restartMissing() throws IOException, InterruptedException {
        run("up", "--connectors", String.valueOf(CONNECTORS));
    }

    private static boolean ready() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(GATEWAY_MANAGEMENT + "/actuator/health/readiness"))
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
