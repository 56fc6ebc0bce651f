package io.pigeonim.common.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class HealthProbeTest {

    @Test
    void healthyOnlyWhenTheUrlAnswers200() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/up", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/down", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(HealthProbe.healthy(URI.create(base + "/up"))).isTrue();
            assertThat(HealthProbe.healthy(URI.create(base + "/down"))).isFalse();
        } finally {
            server.stop(0);
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(HealthProbe.healthy(URI.create("http://127.0.0.1:" + closed + "/up"))).isFalse();
    }
}
