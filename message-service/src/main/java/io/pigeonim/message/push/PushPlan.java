package io.pigeonim.message.push;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pigeonim.common.push.PushRequest;

/** Splits an ordered list of pushes into one request per connector instance, keeping the order in each. */
final class PushPlan {

    private PushPlan() {
    }

    /**
     * For each connector URL, the pushes that concern users online there, each narrowed to those users.
     * Users online nowhere are dropped; they sync when they come back.
     */
    static Map<String, PushRequest> perConnector(Routes routes, List<PushRequest.Push> pushes) {
        Map<String, List<PushRequest.Push>> byUrl = new LinkedHashMap<>();
        for (PushRequest.Push push : pushes) {
            Map<String, Set<String>> uidsByUrl = new LinkedHashMap<>();
            for (String uid : push.uids()) {
                for (String url : routes.connectorsOf(uid)) {
                    uidsByUrl.computeIfAbsent(url, u -> new LinkedHashSet<>()).add(uid);
                }
            }
            uidsByUrl.forEach((url, uids) -> byUrl.computeIfAbsent(url, u -> new ArrayList<>())
                    .add(new PushRequest.Push(List.copyOf(uids), push.frame())));
        }
        Map<String, PushRequest> requests = new LinkedHashMap<>();
        byUrl.forEach((url, list) -> requests.put(url, new PushRequest(list)));
        return requests;
    }
}
