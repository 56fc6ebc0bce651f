package io.pigeonim.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A mariadbd process of one test, on a free port with its own data directory: a test may kill
 * and restart it without touching the shared MySQL. Data survives {@link #kill()} +
 * {@link #startAgain()} (InnoDB crash recovery), like a real outage.
 *
 * <p>Needs {@code mariadb-install-db} and {@code mariadbd} on the PATH (or in /usr/sbin), with
 * Docker or without. User root, empty password, TCP on 127.0.0.1.
 */
public final class PrivateMariaDb implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final int port;
    private final Path dir;
    private volatile Process process;

    private PrivateMariaDb(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Initialises a fresh data directory and starts a server on a free port (about 1-2 s). */
    public static PrivateMariaDb start() {
        try {
            PrivateMariaDb db = new PrivateMariaDb(PrivateRedis.FreePorts.find(),
                    Files.createTempDirectory("pigeon-mariadb-"));
            db.install();
            db.startAgain();
            return db;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a private mariadbd", e);
        }
    }

    public int port() {
        return port;
    }

    /** Creates an empty utf8mb4_bin database on this server and returns how to reach it. */
    public TestDatabase createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(serverUrl(), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on port " + port, e);
        }
        return new TestDatabase(name, "jdbc:mysql://" + HOST + ":" + port + "/" + name
                + "?allowPublicKeyRetrieval=true&useSSL=false&rewriteBatchedStatements=true", "root", "");
    }

    /** Kills the server (SIGKILL, a crash) and waits for it to end. */
    public void kill() {
        PrivateRedis.killAndWait(process);
    }

    /** Starts the server on the same port and data directory and waits until it accepts connections. */
    public void startAgain() {
        if (running()) {
            return;
        }
        try {
            process = new ProcessBuilder(List.of(binary("mariadbd"), "--no-defaults",
                    "--datadir=" + dir.resolve("data"), "--socket=" + dir.resolve("s.sock"),
                    "--port=" + port, "--bind-address=" + HOST, "--user=root", "--skip-name-resolve",
                    "--innodb-buffer-pool-size=32M", "--pid-file=" + dir.resolve("mariadbd.pid")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mariadbd.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run mariadbd (is it installed?)", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd on port " + port + " exited, see " + dir.resolve("mariadbd.log"));
            }
            try (Connection c = DriverManager.getConnection(serverUrl(), "root", "")) {
                return;
            } catch (SQLException notYet) {
                PrivateRedis.sleep(50);
            }
        }
        throw new IllegalStateException("mariadbd on port " + port + " not ready after 30 s");
    }

    public boolean running() {
        return PrivateRedis.alive(process);
    }

    @Override
    public void close() {
        kill();
    }

    private void install() throws IOException {
        Process p = new ProcessBuilder(List.of(binary("mariadb-install-db"), "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--user=root", "--auth-root-authentication-method=normal",
                "--skip-test-db"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("install.log").toFile())
                .start();
        PrivateRedis.waitFor(p);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("mariadb-install-db failed, see " + dir.resolve("install.log"));
        }
    }

    private String serverUrl() {
        return "jdbc:mysql://" + HOST + ":" + port + "/?allowPublicKeyRetrieval=true&useSSL=false&connectTimeout=1000";
    }

    private static String binary(String name) {
        for (String folder : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin")) {
            Path candidate = Path.of(folder, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return name;
    }
}
