package io.pigeonim.bench.baseline;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.pigeonim.testsupport.LoadSocket;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;

/**
 * A bare WebSocket round trip: a {@code message}-sized frame sent by the bench's own client code
 * ({@link LoadSocket}, the same JDK client) to an in-process echo server and decoded on its way back; as many
 * connections as the end-to-end scenario has senders, taken in turn.
 */
public final class EchoBaseline implements Baseline {

    private final EchoServer server;
    private final List<LoadSocket> sockets = new ArrayList<>();
    private final Map<Long, Done> waiting = new ConcurrentHashMap<>();
    private final String runId;
    private final String content;

    public EchoBaseline(List<HttpClient> clients, int connections, String runId, String content) throws Exception {
        this.runId = runId;
        this.content = content;
        server = new EchoServer();
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/echo");
        LoadSocket.Frames frames = new LoadSocket.Frames() {
            @Override
            public void received(ServerFrame frame, long nanos) {
                if (frame instanceof ServerFrame.MessageFrame m) {
                    Done done = waiting.remove(m.seq());
                    if (done != null) {
                        done.ok(nanos);
                    }
                }
            }

            @Override
            public void closed(int code, String reason) {
            }
        };
        List<CompletableFuture<LoadSocket>> opening = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            opening.add(LoadSocket.connect(clients.get(i % clients.size()), uri, frames));
        }
        opening.forEach(f -> sockets.add(f.join()));
    }

    @Override
    public String name() {
        return "websocket";
    }

    @Override
    public String operation() {
        return "echo of a message frame over a bare WebSocket (" + sockets.size() + " connections)";
    }

    @Override
    public void fire(long index, Done done) {
        String sender = runId + "-e" + (index % sockets.size());
        String text = FrameCodec.encode(new StoredMessage("e" + index, "p:" + sender + "a:" + sender + "b",
                index, sender + "a", runId + ".e." + index, "text", content, System.currentTimeMillis()).frame());
        waiting.put(index, done);
        sockets.get((int) (index % sockets.size())).send(text);
    }

    @Override
    public void close() {
        CompletableFuture.allOf(sockets.stream().map(LoadSocket::close).toArray(CompletableFuture[]::new)).join();
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("echo server: " + e);
        }
    }
}
