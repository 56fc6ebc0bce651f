package io.pigeonim.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.testsupport.TestSocket;
import io.pigeonim.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Past its budget an instance refuses new upgrades with 503 and {@code Retry-After}, reports itself not ready, and
 * keeps serving the connections it has; once one closes, it admits again (issue 18).
 */
class AdmissionIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ConnectorInstance connector;

    @BeforeAll
    static void start() {
        connector = ConnectorInstance.start(TestInfra.kafkaBootstrapServers(), "it.admission." + UUID.randomUUID(),
                "--pigeon.connector.budget.max-connections=2", "--pigeon.connector.budget.retry-after=7s");
    }

    @AfterAll
    static void stop() {
        if (connector != null) {
            connector.close();
        }
    }

    @Test
    void refusesUpgradesPastItsBudgetWhileItsConnectionsKeepWorking() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == 200);
        TestSocket first = connected("first");
        TestSocket second = connected("second");

        Throwable refused = catchThrowable(() -> TestSocket.toConnector(connector.port(), uid("third"), "d1"));

        assertThat(refused).isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
        HttpResponse<?> answer = ((WebSocketHandshakeException) refused.getCause()).getResponse();
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(readiness()).as("not ready while at its budget").isEqualTo(503);
        assertThat(connector.app().getBean(MeterRegistry.class).counter("pigeon.connector.upgrades.refused",
                "reason", "connections").count()).isEqualTo(1);
        for (TestSocket c : new TestSocket[] {first, second}) {
            c.send("{\"type\":\"ping\"}");
            assertThat(c.next()).as("an admitted connection is untouched").isInstanceOf(ServerFrame.Pong.class);
        }

        first.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness() == 200);
        try (TestSocket third = connected("third")) {
            assertThat(third).isNotNull();
        }
        second.close();
    }

    private static TestSocket connected(String name) {
        TestSocket client = TestSocket.toConnector(connector.port(), uid(name), "d1");
        client.send("{\"type\":\"ping\"}");
        assertThat(client.next()).isInstanceOf(ServerFrame.Pong.class);
        return client;
    }

    private static String uid(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static int readiness() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + connector.managementPort()
                + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
