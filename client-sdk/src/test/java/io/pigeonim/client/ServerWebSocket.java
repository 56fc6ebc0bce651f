package io.pigeonim.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The server side of one RFC 6455 WebSocket on an accepted socket, just enough for test servers: the upgrade,
 * masked text frames in (fragmented or not), unmasked frames out, close, ping. Writes are thread-safe. A test
 * server that also answers plain HTTP on the same port reads the request with {@link #request} and, when it is not
 * an upgrade, answers it with {@link #answer}.
 */
public final class ServerWebSocket implements AutoCloseable {

    /** What the client sends. */
    public interface Handler {
        void onText(String text);

        void onClose(int code, String reason);
    }

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String method;
    private final String path;
    private final String key;
    private final Map<String, String> headers = new HashMap<>();
    private final String body;
    private volatile boolean closed;

    private ServerWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
        String requestLine = line(in);
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
        }
        String[] parts = requestLine.split(" ");
        if (parts.length < 2) {
            throw new IOException("not an HTTP request: " + requestLine);
        }
        this.method = parts[0];
        this.path = parts[1];
        this.key = headers.get("sec-websocket-key");
        int length = key == null ? Integer.parseInt(headers.getOrDefault("content-length", "0")) : 0;
        byte[] content = new byte[length];
        in.readFully(content);
        this.body = new String(content, StandardCharsets.UTF_8);
    }

    /** Reads the upgrade request; answer it with {@link #open()} or {@link #refuse(int)}. */
    public static ServerWebSocket accept(Socket socket) throws IOException {
        ServerWebSocket ws = request(socket);
        if (!ws.isUpgrade()) {
            ws.abort();
            throw new IOException("not a WebSocket upgrade: " + ws.method + " " + ws.path);
        }
        return ws;
    }

    /** Reads a request, an upgrade or not (with its body). */
    public static ServerWebSocket request(Socket socket) throws IOException {
        return new ServerWebSocket(socket);
    }

    /** Whether the request asks for a WebSocket (it has a {@code Sec-WebSocket-Key}). */
    public boolean isUpgrade() {
        return key != null;
    }

    public String method() {
        return method;
    }

    /** A request header by its case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body of a plain request. */
    public String body() {
        return body;
    }

    /** Answers a plain request and closes the connection (one request per connection keeps the server simple). */
    public void answer(int status, String contentType, String text, Map<String, String> extraHeaders) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" Answer\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(bytes.length).append("\r\n")
                .append("Connection: close\r\n");
        extraHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        abort();
    }

    /** The request's path and query. */
    public String path() {
        return path;
    }

    public void refuse(int status) throws IOException {
        out.write(("HTTP/1.1 " + status + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        abort();
    }

    public synchronized void open() throws IOException {
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads frames until the client closes or the socket ends (then {@code onClose(1006, …)}). */
    public void read(Handler handler) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (!closed) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                int opcode = b0 & 0x0f;
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((b1 & 0x80) != 0) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                if (opcode == 0x8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    String reason = payload.length > 2
                            ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    sendClose(code, reason);
                    handler.onClose(code, reason);
                    return;
                } else if (opcode == 0x9) {
                    write(0xA, payload);
                } else if (opcode == 0x1 || opcode == 0x0) {
                    message.write(payload);
                    if ((b0 & 0x80) != 0) {
                        String text = message.toString(StandardCharsets.UTF_8);
                        message.reset();
                        handler.onText(text);
                    }
                }
            }
        } catch (IOException e) {
            abort();
            handler.onClose(1006, String.valueOf(e));
        }
    }

    public void sendText(String text) {
        try {
            write(0x1, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            abort();
        }
    }

    /** Sends a close frame and ends the connection. */
    public void sendClose(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + r.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, r.length);
        try {
            write(0x8, payload);
        } catch (IOException ignored) {
            // gone already
        }
        abort();
    }

    /** Ends the connection without a close frame. */
    public void abort() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone already
        }
    }

    @Override
    public void close() {
        abort();
    }

    private synchronized void write(int opcode, byte[] payload) throws IOException {
        if (closed) {
            return;
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length < 65536) {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
            }
        }
        frame.write(payload);
        out.write(frame.toByteArray());
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the request");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
