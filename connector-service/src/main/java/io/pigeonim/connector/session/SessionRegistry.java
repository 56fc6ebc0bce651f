package io.pigeonim.connector.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of this instance, by (uid, deviceId) and by uid.
 *
 * <p>One (uid, deviceId) has at most one connection here: registering a second returns the older
 * one, which the caller closes with 1000 "replaced".
 */
public final class SessionRegistry {

    private record DeviceKey(String uid, String deviceId) {
    }

    private final Map<DeviceKey, Connection> byDevice = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Connection>> byUid = new ConcurrentHashMap<>();

    /** Makes {@code c} the connection of its device; returns the one it replaces, or null. */
    public Connection register(Connection c) {
        Connection older = byDevice.put(new DeviceKey(c.uid(), c.deviceId()), c);
        byUid.compute(c.uid(), (uid, devices) -> {
            Map<String, Connection> map = devices == null ? new ConcurrentHashMap<>() : devices;
            map.put(c.deviceId(), c);
            return map;
        });
        return older;
    }

    /** Removes {@code c} if it is still its device's connection; true when it was. */
    public boolean remove(Connection c) {
        if (!byDevice.remove(new DeviceKey(c.uid(), c.deviceId()), c)) {
            return false;
        }
        byUid.computeIfPresent(c.uid(), (uid, devices) -> {
            devices.remove(c.deviceId(), c);
            return devices.isEmpty() ? null : devices;
        });
        return true;
    }

    /** Whether {@code c} is its device's current connection. */
    public boolean isCurrent(Connection c) {
        return byDevice.get(new DeviceKey(c.uid(), c.deviceId())) == c;
    }

    /** The local connections of {@code uid}, any order. */
    public List<Connection> of(String uid) {
        Map<String, Connection> devices = byUid.get(uid);
        return devices == null ? List.of() : new ArrayList<>(devices.values());
    }

    public Collection<Connection> all() {
        return new ArrayList<>(byDevice.values());
    }

    public int size() {
        return byDevice.size();
    }
}
