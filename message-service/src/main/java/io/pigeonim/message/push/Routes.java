package io.pigeonim.message.push;

import java.util.Map;
import java.util.Set;

/** Where users are online: uid → base URLs of the live connector instances holding their devices. */
public record Routes(Map<String, Set<String>> connectorsByUid) {

    public Routes {
        connectorsByUid = Map.copyOf(connectorsByUid);
    }

    /** Whether {@code uid} had at least one device on a live connector at lookup time. */
    public boolean isOnline(String uid) {
        return !connectorsOf(uid).isEmpty();
    }

    public Set<String> connectorsOf(String uid) {
        return connectorsByUid.getOrDefault(uid, Set.of());
    }
}
