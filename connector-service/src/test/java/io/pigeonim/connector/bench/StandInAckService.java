package io.pigeonim.connector.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.pigeonim.common.ack.AckBatchRequest;
import io.pigeonim.common.ack.AckBatchResponse;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.ack.AckResponse;
import io.pigeonim.common.json.PigeonJson;

/**
 * Stands in for message-service's {@code POST /internal/v1/acks} and {@code /acks/batch} (our own service, not
 * infrastructure): records
 * nothing and answers 200 with every ack as recorded, so the connector's {@code ack_ok} and retransmission state
 * work as in production without MySQL's cost in the push figures.
 */
final class StubAckService implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final AtomicLong requests = new AtomicLong();

    StubAckService() throws IOException {
        // as Tomcat does by default; without it Nagle + delayed ACK add 40 ms to an answer
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // the default keeps 200 idle connections and closes the others after each answer: with one ack in flight per
        // device connection, the connector would reconnect for most acks (and some fail while it does)
        System.setProperty("sun.net.httpserver.maxIdleConnections", "20000");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", ConnectorProcess.freePort()), 100);
        server.createContext("/internal/v1/acks", this::acks);
        server.setExecutor(workers);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long requests() {
        return requests.get();
    }

    private void acks(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] request = exchange.getRequestBody().readAllBytes();
        byte[] body;
        if (exchange.getRequestURI().getPath().endsWith("/batch")) {
            AckBatchRequest batch = PigeonJson.mapper().readValue(request, AckBatchRequest.class);
            body = PigeonJson.mapper().writeValueAsBytes(new AckBatchResponse(batch.requests().stream()
                    .map(r -> AckBatchResponse.Result.recorded(r.acks())).toList()));
        } else {
            body = PigeonJson.mapper().writeValueAsBytes(
                    new AckResponse(PigeonJson.mapper().readValue(request, AckRequest.class).acks()));
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
