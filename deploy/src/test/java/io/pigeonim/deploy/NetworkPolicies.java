package io.pigeonim.deploy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Evaluates the ingress side of rendered NetworkPolicies the way a CNI plugin does, for one pod-to-pod connection:
 * a pod no policy selects takes anything; a selected pod takes only what one of its policies' rules allows.
 */
final class NetworkPolicies {

    /** A pod: its labels, its namespace's labels, and its container ports by name. */
    record Pod(Map<String, String> labels, Map<String, String> namespaceLabels, Map<String, Integer> ports) {
    }

    private final List<JsonNode> policies;
    private final String namespace;

    NetworkPolicies(Kustomize.Rendered rendered, String namespace) {
        this.policies = rendered.all("NetworkPolicy");
        this.namespace = namespace;
    }

    /** Whether {@code from} may open a connection to {@code to} on its port named {@code portName}. */
    boolean allows(Pod from, Pod to, String portName) {
        boolean selected = false;
        for (JsonNode policy : policies) {
            JsonNode spec = policy.path("spec");
            if (!matches(spec.path("podSelector"), to.labels()) || !hasIngressType(spec)) {
                continue;
            }
            selected = true;
            for (JsonNode rule : spec.path("ingress")) {
                if (peerMatches(rule.path("from"), from) && portMatches(rule.path("ports"), to, portName)) {
                    return true;
                }
            }
        }
        return !selected;
    }

    private static boolean hasIngressType(JsonNode spec) {
        JsonNode types = spec.path("policyTypes");
        if (types.isMissingNode()) {
            return true;
        }
        for (JsonNode type : types) {
            if (type.asText().equals("Ingress")) {
                return true;
            }
        }
        return false;
    }

    private boolean peerMatches(JsonNode peers, Pod from) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode peer : peers) {
            JsonNode pods = peer.path("podSelector");
            JsonNode namespaces = peer.path("namespaceSelector");
            boolean namespaceOk = namespaces.isMissingNode()
                    ? namespace.equals(from.namespaceLabels().get("kubernetes.io/metadata.name"))
                    : matches(namespaces, from.namespaceLabels());
            boolean podOk = pods.isMissingNode() || matches(pods, from.labels());
            if (namespaceOk && podOk && !peer.has("ipBlock")) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(JsonNode ports, Pod to, String portName) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode port : ports) {
            JsonNode p = port.path("port");
            if (p.isTextual() ? p.asText().equals(portName) : p.asInt() == to.ports().getOrDefault(portName, -1)) {
                return true;
            }
        }
        return false;
    }

    /** A label selector with matchLabels only (all our policies use those); an empty selector matches all. */
    private static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (selector.has("matchExpressions")) {
            throw new IllegalArgumentException("matchExpressions are not evaluated here: " + selector);
        }
        for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
