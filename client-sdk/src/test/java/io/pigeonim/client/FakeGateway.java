package io.pigeonim.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import io.pigeonim.client.transport.Transport;

/**
 * {@link FakePigeonServer}'s WebSocket side on a real socket ({@code /ws?token=}), so the SDK's JDK transport
 * and the {@link FaultProxy} can be tested without the stack.
 */
final class FakeGateway implements AutoCloseable {

    private final FakePigeonServer server;
    private final ServerSocket socket;
    private volatile boolean closed;

    FakeGateway(FakePigeonServer server) throws IOException {
        this.server = server;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "fake-gateway");
        accept.setDaemon(true);
        accept.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "fake-gateway-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        ServerWebSocket ws;
        try {
            ws = ServerWebSocket.accept(s);
            String path = ws.path();
            int at = path.indexOf("token=");
            if (!path.startsWith("/ws?") || at < 0) {
                ws.refuse(401);
                return;
            }
            String token = URLDecoder.decode(path.substring(at + 6), StandardCharsets.UTF_8);
            ws.open();
            Transport.Connection link = server.connect(token, new Transport.Listener() {
                @Override
                public void onText(String text) {
                    ws.sendText(text);
                }

                @Override
                public void onClosed(int code, String reason) {
                    ws.sendClose(code, reason);
                }
            }).join();
            ws.read(new ServerWebSocket.Handler() {
                @Override
                public void onText(String text) {
                    link.send(text);
                }

                @Override
                public void onClose(int code, String reason) {
                    link.abort();
                }
            });
        } catch (IOException e) {
            // the client went away during the upgrade
        }
    }
}
