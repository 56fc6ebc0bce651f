package io.pigeonim.offline.it;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.pigeonim.offline.OfflineApplication;
import io.pigeonim.testsupport.StandInMessageService;
import io.pigeonim.testsupport.TestInfra;

/**
 * offline-service on a random port over a fresh, migrated database, with the message-service stand-in.
 * Subclasses share one context and one database, so every test uses its own uids ({@link #unique}).
 */
@SpringBootTest(classes = OfflineApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class RunningService {

    static final Store STORE = Store.migrated(TestInfra.freshDatabase("offline"));
    static final StandInMessageService MESSAGE_SERVICE = CursorAcks.start(STORE);
    private static int counter;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        STORE.database().register(registry);
        registry.add("pigeon.offline.message-url", MESSAGE_SERVICE::url);
    }

    /** A uid no other test uses. */
    static synchronized String unique(String name) {
        return name + "-" + (++counter) + "-" + Long.toString(System.nanoTime() % 100000, 36);
    }

    /** A client calling the service as the gateway would, with identity headers for this user and device. */
    Client as(String uid, String deviceId) {
        return new Client("http://127.0.0.1:" + port, uid, deviceId);
    }

    /** A client of the management port (probes, metrics). */
    Client management() {
        return new Client("http://127.0.0.1:" + managementPort, "x", "y");
    }
}
