package io.pigeonim.connector.downlink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.pigeonim.connector.session.Connection;

/**
 * The {@link DeliveryWindow} of every connection something was pushed to: made on its first push (an idle device
 * that never receives a message has none), forgotten when the connection closes.
 *
 * @implNote The downlink keeps its per-connection state here rather than in the {@link Connection}, which holds
 *     only what every feature shares (identity, writes); one map read per push (issue 17, item 3).
 */
public final class DeliveryWindows {

    private final Map<Connection, DeliveryWindow> windows = new ConcurrentHashMap<>();
    private final int limit;
    private final int waitLimit;

    /**
     * @param limit unacknowledged {@code message} frames per connection
     * @param waitLimit pushes that may wait per connection for room in its window
     */
    public DeliveryWindows(int limit, int waitLimit) {
        this.limit = limit;
        this.waitLimit = waitLimit;
    }

    /** {@code c}'s window, made now if this is its first push; null when {@code c} is closed. */
    DeliveryWindow of(Connection c) {
        DeliveryWindow window = windows.computeIfAbsent(c, k -> new DeliveryWindow(limit, waitLimit));
        if (!c.isOpen()) {
            // closed while (or before) the window was made: the close's clean-up may have run already
            closed(c);
            return null;
        }
        return window;
    }

    /** {@code c}'s window when something was pushed to it, else null. */
    DeliveryWindow existing(Connection c) {
        return windows.get(c);
    }

    /** Forgets {@code c}'s window: nothing more is resent to it, its waiting pushes are dropped (it syncs). */
    public void closed(Connection c) {
        DeliveryWindow window = windows.remove(c);
        if (window != null) {
            window.clear();
        }
    }

    /** Connections with a window. */
    public int size() {
        return windows.size();
    }
}
