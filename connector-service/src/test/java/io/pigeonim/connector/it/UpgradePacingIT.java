package io.pigeonim.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.connector.ws.Admission;
import io.pigeonim.testsupport.TestInfra;
import io.pigeonim.testsupport.TestSocket;

/**
 * A reconnect storm's two safeguards (issue 18): upgrades past the instance's rate are refused with 503 and a
 * {@code Retry-After} that promises each refused device its own later slot at the rate, and Tomcat never takes more
 * sockets than the open-file limit leaves room for.
 */
class UpgradePacingIT {

    private static ConnectorInstance connector;

    @BeforeAll
    static void start() {
        connector = ConnectorInstance.start(TestInfra.kafkaBootstrapServers(), "it.pacing." + UUID.randomUUID(),
                "--pigeon.connector.budget.upgrades-per-second=1", "--pigeon.connector.budget.upgrade-burst=1");
    }

    @AfterAll
    static void stop() {
        if (connector != null) {
            connector.close();
        }
    }

    @Test
    void upgradesPastTheRateArePromisedSuccessiveSeconds() throws Exception {
        try (TestSocket first = TestSocket.toConnector(connector.port(), uid(), "d1")) {
            first.send("{\"type\":\"ping\"}");
            assertThat(first.next()).isInstanceOf(ServerFrame.Pong.class);
            List<String> retryAfter = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Throwable refused = catchThrowable(() -> TestSocket.toConnector(connector.port(), uid(), "d1"));
                assertThat(refused).isInstanceOf(CompletionException.class)
                        .hasCauseInstanceOf(WebSocketHandshakeException.class);
                HttpResponse<?> answer = ((WebSocketHandshakeException) refused.getCause()).getResponse();
                assertThat(answer.statusCode()).isEqualTo(503);
                retryAfter.add(answer.headers().firstValue("Retry-After").orElse(null));
            }
            // one upgrade a second: each refusal is told to come back a second after the one before it
            assertThat(retryAfter).containsExactly("1", "2", "3");
            first.send("{\"type\":\"ping\"}");
            assertThat(first.next()).as("the admitted connection is untouched").isInstanceOf(ServerFrame.Pong.class);
        }
    }

    @Test
    void tomcatTakesNoMoreSocketsThanTheOpenFileLimitLeavesRoomFor() {
        TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) connector.app()).getWebServer();
        int maxConnections = ((AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler())
                .getMaxConnections();
        long files = Admission.maxFileDescriptors();
        // application.yml asks for 50,000 (CONNECTOR_MAX_CONNECTIONS); the open-file limit less 256 wins below it
        assertThat(maxConnections).isEqualTo((int) Math.min(50_000, Math.max(100, files - 256)));
    }

    private static String uid() {
        return "pace-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
