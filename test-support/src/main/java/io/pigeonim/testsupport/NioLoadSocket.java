package io.pigeonim.testsupport;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.FrameException;
import io.pigeonim.common.frame.ServerFrame;

/**
 * The load generators' lean WebSocket: the client side of RFC 6455 over a non-blocking {@link SocketChannel} that a
 * {@link NioSockets} thread serves, for the connections benchmark's 19,000 idle devices in one process, where the
 * JDK client of {@link LoadSocket} costs some 60 KB of heap a socket and opens at most 300-450 upgrades a second
 * here while taking CPU from the stack under test. The same contract as LoadSocket: frames sent leave in call order,
 * text frames received are decoded with {@link FrameCodec} and handed to the owner at once with their arrival time,
 * undecodable and binary ones are counted in {@link LoadSocket#UNDECODABLE}, and nothing is kept.
 *
 * <p>An idle socket holds its channel, its selection key and this object: every read goes into its thread's buffer,
 * a frame split over reads is carried in a buffer of its own only until it is whole, and the write queue exists
 * only while the kernel's send buffer is full (otherwise a send writes at once, on the caller's thread). With the
 * JDK's channel, key and addresses that came to about 860 bytes of heap a socket (5,000 idle sockets, class
 * histograms before and after), against 61 KB for the JDK client.
 *
 * <p>The owner is told {@link LoadSocket.Frames#closed} once, and only once the connect completed; until then a
 * failure fails the connect instead.
 */
public final class NioLoadSocket implements FrameSender {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final byte[] PING = FrameCodec.encode(new ClientFrame.Ping()).getBytes(UTF_8);
    private static final int CONTINUATION = 0;
    private static final int TEXT = 1;
    private static final int BINARY = 2;
    private static final int CLOSE = 8;
    private static final int PING_FRAME = 9;
    private static final int PONG_FRAME = 10;
    /** A server message past this is a protocol error; PROTOCOL.md's frames are at most 64 KiB, tests send more. */
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** An upgrade answer whose headers have not ended by then is not one. */
    private static final int MAX_UPGRADE_ANSWER_BYTES = 16 * 1024;
    private static final long HANDSHAKE_SECONDS = 30;
    private static final long CLOSE_SECONDS = 5;

    private record Ping(long startNanos, CompletableFuture<Long> rtt) {
    }

    private final NioSockets group;
    private final NioSockets.Loop loop;
    private final SocketChannel channel;
    private final LoadSocket.Frames frames;
    /** The connect: completes with the first pong. */
    private final CompletableFuture<NioLoadSocket> opened = new CompletableFuture<>();
    /** The close code, or -1: completed once the owner was told. */
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    // the loop thread's alone (or the opener's before the registration was handed to the loop)
    private SelectionKey key;
    /** Until the upgrade answer: where to, for a refusal's message; dropped then, it holds the token. */
    private URI uri;
    private String upgradeKey;
    private ScheduledFuture<?> deadline;
    private boolean upgraded;
    /** Bytes a read left unfinished (in write mode), or null. */
    private ByteBuffer carry;
    /** How many bytes the unfinished frame or answer needs at least, to size {@link #carry}. */
    private int needed;
    /** A fragmented message's opcode while its continuations come, else 0; its text so far. */
    private int messageOpcode;
    private byte[] message;
    private int messageLength;

    // guarded by this
    /** Frames waiting for the kernel's send buffer, oldest first; null while nothing waits. */
    private ArrayDeque<ByteBuffer> queue;
    /** The TCP connect finished: frames may be written. */
    private boolean writable;
    /** OP_WRITE is asked for, or about to be. */
    private boolean writeWanted;
    /** A close frame went out: no frame may follow it (RFC 6455 §5.5.1). */
    private boolean closeSent;
    private ArrayDeque<Ping> pings;
    /** The connection ended (set once, on the loop, or on the opener's thread when the connect could not start). */
    private volatile boolean shut;

    private NioLoadSocket(NioSockets group, NioSockets.Loop loop, URI uri, SocketChannel channel,
            LoadSocket.Frames frames) {
        this.group = group;
        this.loop = loop;
        this.uri = uri;
        this.channel = channel;
        this.frames = frames;
    }

    /** {@link NioSockets#connect}: the TCP connect starts on the caller's thread; the loop takes over from there. */
    static CompletableFuture<NioLoadSocket> open(NioSockets group, NioSockets.Loop loop, URI uri,
            Map<String, String> headers, LoadSocket.Frames frames) {
        if (!"ws".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("uri: " + uri + " (expected: ws://host:port/path)");
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        NioLoadSocket socket = new NioLoadSocket(group, loop, uri, channel, frames);
        socket.start(headers);
        return socket.opened;
    }

    private void start(Map<String, String> headers) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        upgradeKey = Base64.getEncoder().encodeToString(nonce);
        queue = new ArrayDeque<>(2);
        queue.add(upgradeRequest(uri, headers, upgradeKey));
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                    : uri.getHost();
            InetSocketAddress address = new InetSocketAddress(host, uri.getPort() < 0 ? 80 : uri.getPort());
            if (address.isUnresolved()) {
                throw new UnknownHostException(host);
            }
            boolean connected = channel.connect(address);
            deadline = schedule("no upgrade answer in " + HANDSHAKE_SECONDS + " s");
            loop.execute(() -> register(connected));
        } catch (IOException e) {
            end(-1, e.toString(), e);
        }
    }

    private static ByteBuffer upgradeRequest(URI uri, Map<String, String> headers, String key) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder r = new StringBuilder(256).append("GET ").append(path);
        if (uri.getRawQuery() != null) {
            r.append('?').append(uri.getRawQuery());
        }
        r.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
        if (uri.getPort() >= 0) {
            r.append(':').append(uri.getPort());
        }
        r.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ").append(key)
                .append("\r\nSec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> r.append(name).append(": ").append(value).append("\r\n"));
        return ByteBuffer.wrap(r.append("\r\n").toString().getBytes(ISO_8859_1));
    }

    /** What the server must answer to {@code key} (RFC 6455 §4.2.2). */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** A handshake step not done in time fails the connect; run on the loop, where the step would be done. */
    private ScheduledFuture<?> schedule(String what) {
        return group.timer.schedule(() -> loop.execute(() -> {
            if (!opened.isDone()) {
                fail(new SocketTimeoutException(what));
            }
        }), HANDSHAKE_SECONDS, TimeUnit.SECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void register(boolean connected) {
        if (shut) {
            return;
        }
        try {
            key = channel.register(loop.selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (connected) {
                connected();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    /** The TCP connection stands: the upgrade request and whatever was sent before it go out. */
    private void connected() throws IOException {
        synchronized (this) {
            writable = true;
        }
        flush();
    }

    /** The loop's call for a ready key. */
    void ready(SelectionKey key) {
        try {
            if (key.isConnectable()) {
                if (!channel.finishConnect()) {
                    return;
                }
                key.interestOps(SelectionKey.OP_READ);
                connected();
            }
            if (key.isValid() && key.isWritable()) {
                flush();
            }
            if (key.isValid() && key.isReadable()) {
                read();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Sends a text frame after those sent before it; a failed send shows as the socket closing. */
    @Override
    public void send(String text) {
        enqueue(frame(TEXT, text.getBytes(UTF_8)), false);
    }

    /**
     * Sends a {@code ping}; completes with the round trip to its {@code pong}, in nanoseconds. A pong no ping waits
     * for (one sent as text by the owner) goes to the owner like any frame.
     */
    public CompletableFuture<Long> ping() {
        Ping ping = new Ping(System.nanoTime(), new CompletableFuture<>());
        synchronized (this) {
            if (!shut) {
                if (pings == null) {
                    pings = new ArrayDeque<>(2);
                }
                pings.add(ping);
                enqueue(frame(TEXT, PING), false);
                return ping.rtt();
            }
        }
        ping.rtt().completeExceptionally(new IllegalStateException("closed"));
        return ping.rtt();
    }

    @Override
    public boolean isClosed() {
        return shut;
    }

    /**
     * Closes with 1000 after the frames already queued; completes once the server's close came back, or after 5 s,
     * when the connection is dropped.
     */
    @Override
    public CompletableFuture<Void> close() {
        if (shut) {
            return CompletableFuture.completedFuture(null);
        }
        enqueue(closeFrame(1000, "bye"), true);
        ScheduledFuture<?> abort;
        try {
            abort = group.timer.schedule(() -> loop.execute(() -> drop("no close answer in " + CLOSE_SECONDS + " s")),
                    CLOSE_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // the group is closed, and with it every socket
            return closed.thenAccept(code -> { });
        }
        return closed.handle((code, failure) -> {
            abort.cancel(false);
            return null;
        });
    }

    /** Writes {@code frame} now if nothing waits and the kernel takes it whole, else queues it for OP_WRITE. */
    private synchronized void enqueue(ByteBuffer frame, boolean close) {
        if (closeSent || shut) {
            return;
        }
        closeSent = close;
        if (queue == null && writable) {
            try {
                channel.write(frame);
            } catch (IOException e) {
                loop.execute(() -> fail(e));
                return;
            }
            if (!frame.hasRemaining()) {
                return;
            }
        }
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        queue.add(frame);
        if (writable && !writeWanted) {
            writeWanted = true;
            loop.execute(this::wantWrite);
        }
    }

    private synchronized void wantWrite() {
        if (queue != null && key.isValid()) {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    /** On the loop: writes what waits until the kernel takes no more; OP_WRITE stays asked for while some is left. */
    private synchronized void flush() throws IOException {
        while (queue != null) {
            ByteBuffer head = queue.peek();
            channel.write(head);
            if (head.hasRemaining()) {
                writeWanted = true;
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            queue.poll();
            if (queue.isEmpty()) {
                queue = null;
            }
        }
        writeWanted = false;
        key.interestOps(SelectionKey.OP_READ);
    }

    /**
     * A client frame: FIN, {@code opcode}, the payload masked with a fresh key (RFC 6455 §5.3; a server drops an
     * unmasked one).
     */
    static ByteBuffer frame(int opcode, byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        byte[] f = new byte[header + 4 + length];
        f[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            f[1] = (byte) (0x80 | length);
        } else if (length < 65536) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (length >>> 8);
            f[3] = (byte) length;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 4; i++) {
                f[6 + i] = (byte) (length >>> (24 - 8 * i));
            }
        }
        int mask = ThreadLocalRandom.current().nextInt();
        for (int i = 0; i < 4; i++) {
            f[header + i] = (byte) (mask >>> (24 - 8 * i));
        }
        for (int i = 0; i < length; i++) {
            f[header + 4 + i] = (byte) (payload[i] ^ f[header + (i & 3)]);
        }
        return ByteBuffer.wrap(f);
    }

    private static ByteBuffer closeFrame(int code, String reason) {
        byte[] text = reason.getBytes(UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return frame(CLOSE, payload);
    }

    /**
     * Reads into the loop's buffer, with what the last read left unfinished in front (a frame larger than that
     * buffer is read into its own), and handles every whole frame of it.
     */
    private void read() throws IOException {
        ByteBuffer buf = loop.readBuffer;
        buf.clear();
        if (carry != null && carry.capacity() <= buf.capacity()) {
            buf.put(carry.flip());
            carry = null;
        } else if (carry != null) {
            buf = carry;
        }
        int n = channel.read(buf);
        if (n < 0) {
            fail(new IOException(upgraded ? "connection closed without a close frame"
                    : "connection closed before the upgrade answer"));
            return;
        }
        buf.flip();
        long now = System.nanoTime();
        if (upgraded || upgrade(buf)) {
            while (buf.hasRemaining() && !shut && frame(buf, now)) {
                // one whole frame a turn
            }
        }
        keep(buf);
    }

    /** Keeps what is left of {@code buf} for the next read: in a buffer sized for the frame it starts, or none. */
    private void keep(ByteBuffer buf) {
        if (shut || !buf.hasRemaining()) {
            carry = null;
            return;
        }
        int size = Math.max(needed, buf.remaining());
        if (buf == carry && size > NioSockets.Loop.READ_BUFFER_BYTES && carry.capacity() >= size) {
            carry.compact();
            return;
        }
        ByteBuffer kept = ByteBuffer.allocate(size);
        kept.put(buf);
        carry = kept;
    }

    /**
     * The upgrade answer: true once a 101 with the right {@code Sec-WebSocket-Accept} was read (the first
     * {@code ping} then goes out), false while its headers are not whole or when it refused (the connect failed).
     */
    private boolean upgrade(ByteBuffer buf) {
        int end = headersEnd(buf);
        if (end < 0) {
            if (buf.remaining() > MAX_UPGRADE_ANSWER_BYTES) {
                fail(new ProtocolException("an upgrade answer without the end of its headers in 16 KiB"));
            }
            needed = buf.remaining() + 1;
            return false;
        }
        byte[] head = new byte[end - buf.position()];
        buf.get(head);
        String[] lines = new String(head, ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = statusLine.length < 2 || !statusLine[0].startsWith("HTTP/") ? -1 : Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status < 0) {
            fail(new ProtocolException("not an HTTP answer: " + lines[0]));
            return false;
        }
        String accept = null;
        String retryAfter = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = colon < 0 ? "" : lines[i].substring(0, colon).trim();
            if (name.equalsIgnoreCase("Sec-WebSocket-Accept")) {
                accept = lines[i].substring(colon + 1).trim();
            } else if (name.equalsIgnoreCase("Retry-After")) {
                retryAfter = lines[i].substring(colon + 1).trim();
            }
        }
        if (status != 101) {
            fail(new UpgradeRefusedException(uri, status, retryAfter));
            return false;
        }
        if (!accept(upgradeKey).equals(accept)) {
            fail(new ProtocolException("Sec-WebSocket-Accept: " + accept + " (expected: " + accept(upgradeKey) + ")"));
            return false;
        }
        upgraded = true;
        upgradeKey = null;
        uri = null;
        cancelDeadline();
        deadline = schedule("no pong in " + HANDSHAKE_SECONDS + " s");
        ping().thenRun(() -> {
            cancelDeadline();
            if (!opened.complete(this)) {
                // the opener gave up on the connect (its own timeout, a cancel): nobody owns this socket
                drop("the connect was given up");
            }
        });
        return true;
    }

    /** The index after the blank line that ends an HTTP answer's headers, or -1 while it has not come. */
    private static int headersEnd(ByteBuffer buf) {
        for (int i = buf.position() + 3; i < buf.limit(); i++) {
            if (buf.get(i) == '\n' && buf.get(i - 1) == '\r' && buf.get(i - 2) == '\n' && buf.get(i - 3) == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Handles the frame at {@code buf}'s position if it is whole (true), else sets {@link #needed} (false). */
    private boolean frame(ByteBuffer buf, long now) {
        int at = buf.position();
        int available = buf.remaining();
        if (available < 2) {
            needed = 2;
            return false;
        }
        int b0 = buf.get(at) & 0xff;
        int b1 = buf.get(at + 1) & 0xff;
        int header = 2;
        long length = b1 & 0x7f;
        if (length >= 126) {
            header = length == 126 ? 4 : 10;
            if (available < header) {
                needed = header;
                return false;
            }
            length = length == 126 ? buf.getShort(at + 2) & 0xffff : buf.getLong(at + 2);
        }
        if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0 || length < 0 || length > MAX_MESSAGE_BYTES) {
            protocolError("a frame with reserved bits, a mask or " + length + " bytes");
            return false;
        }
        if (available < header + length) {
            needed = header + (int) length;
            return false;
        }
        buf.position(at + header + (int) length);
        payload((b0 & 0x80) != 0, b0 & 0x0f, buf, at + header, (int) length, now);
        return true;
    }

    private void payload(boolean fin, int opcode, ByteBuffer buf, int offset, int length, long now) {
        switch (opcode) {
            case TEXT, BINARY -> {
                if (messageOpcode != 0) {
                    protocolError("a new message inside a fragmented one");
                } else if (!fin) {
                    messageOpcode = opcode;
                    append(buf, offset, length);
                } else if (opcode == TEXT) {
                    dispatch(text(buf, offset, length), now);
                } else {
                    LoadSocket.UNDECODABLE.incrementAndGet();
                }
            }
            case CONTINUATION -> {
                if (messageOpcode == 0) {
                    protocolError("a continuation frame without a message");
                    return;
                }
                append(buf, offset, length);
                if (fin) {
                    String text = messageOpcode == TEXT ? new String(message, 0, messageLength, UTF_8) : null;
                    messageOpcode = 0;
                    message = null;
                    messageLength = 0;
                    if (text != null) {
                        dispatch(text, now);
                    } else {
                        LoadSocket.UNDECODABLE.incrementAndGet();
                    }
                }
            }
            case PING_FRAME -> {
                if (!fin || length > 125) {
                    protocolError("a fragmented or long ping");
                    return;
                }
                byte[] data = new byte[length];
                buf.get(offset, data, 0, length);
                enqueue(frame(PONG_FRAME, data), false);
            }
            case PONG_FRAME -> {
                // unasked pongs may come (RFC 6455 §5.5.3); this client sends no ping frames
            }
            case CLOSE -> {
                int code = length >= 2 ? buf.getShort(offset) & 0xffff : 1005;
                String reason = length > 2 ? text(buf, offset + 2, length - 2) : "";
                // the echo of the server's code (RFC 6455 §5.5.1), then the connection goes
                enqueue(code == 1005 ? frame(CLOSE, new byte[0]) : closeFrame(code, ""), true);
                end(code, reason, null);
            }
            default -> protocolError("opcode " + opcode);
        }
    }

    /** Adds a fragment to the message being gathered; a binary message is only counted, so not kept. */
    private void append(ByteBuffer buf, int offset, int length) {
        if (messageOpcode != TEXT) {
            return;
        }
        int total = messageLength + length;
        if (total > MAX_MESSAGE_BYTES) {
            protocolError("a message over " + MAX_MESSAGE_BYTES + " bytes");
            return;
        }
        if (message == null) {
            message = new byte[Math.max(total, 1024)];
        } else if (message.length < total) {
            message = Arrays.copyOf(message, Math.max(total, Math.min(MAX_MESSAGE_BYTES, 2 * message.length)));
        }
        buf.get(offset, message, messageLength, length);
        messageLength = total;
    }

    /** UTF-8 from {@code buf}: straight from a carried frame's array, else copied out of the loop's buffer. */
    private String text(ByteBuffer buf, int offset, int length) {
        if (buf.hasArray()) {
            return new String(buf.array(), buf.arrayOffset() + offset, length, UTF_8);
        }
        byte[] bytes = length <= loop.scratch.length ? loop.scratch : new byte[length];
        buf.get(offset, bytes, 0, length);
        return new String(bytes, 0, length, UTF_8);
    }

    /** A pong answers the oldest waiting {@link #ping}; everything else goes to the owner, undecodable text is counted. */
    private void dispatch(String text, long now) {
        ServerFrame frame;
        try {
            frame = FrameCodec.decodeServer(text);
        } catch (FrameException e) {
            LoadSocket.UNDECODABLE.incrementAndGet();
            return;
        }
        Ping ping = frame instanceof ServerFrame.Pong ? nextPing() : null;
        if (ping != null) {
            ping.rtt().complete(now - ping.startNanos());
        } else {
            frames.received(frame, now);
        }
    }

    private synchronized Ping nextPing() {
        Ping ping = pings == null ? null : pings.poll();
        if (pings != null && pings.isEmpty()) {
            pings = null;
        }
        return ping;
    }

    /** Closes with 1002 (RFC 6455 §7.4.1) and drops the connection. */
    private void protocolError(String what) {
        enqueue(closeFrame(1002, ""), true);
        fail(new ProtocolException("protocol error: " + what));
    }

    private void fail(Throwable why) {
        end(-1, String.valueOf(why), why);
    }

    /** On the loop: drops the connection, told as {@code closed(-1, reason)}. */
    void drop(String reason) {
        end(-1, reason, new IOException(reason));
    }

    /**
     * On the loop: the connection ends, once. The owner is told, or, before the connect completed, the connect
     * fails with {@code why}; waiting pings fail; then {@link #close()}'s future completes.
     */
    private void end(int code, String reason, Throwable why) {
        ArrayDeque<Ping> waiting;
        synchronized (this) {
            if (shut) {
                return;
            }
            shut = true;
            queue = null;
            waiting = pings;
            pings = null;
        }
        cancelDeadline();
        closeChannel();
        carry = null;
        message = null;
        upgradeKey = null;
        uri = null;
        boolean owned = opened.isDone() && !opened.isCompletedExceptionally();
        if (!owned) {
            opened.completeExceptionally(why != null ? why
                    : new IOException("closed before the first pong: " + code + " " + reason));
        }
        if (waiting != null) {
            for (Ping ping : waiting) {
                ping.rtt().completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
            }
        }
        try {
            if (owned) {
                frames.closed(code, reason);
            }
        } finally {
            closed.complete(code);
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // closed all the same
        }
    }
}
