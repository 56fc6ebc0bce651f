package io.pigeonim.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Binds a built-in Kubernetes object to fabric8's typed model (generated from the Kubernetes OpenAPI) and lists what
 * does not fit: a kind the model does not know for that apiVersion, a value of the wrong type, or a field the schema
 * does not have (fabric8 keeps those in {@code additionalProperties}; the API server would drop or refuse them).
 */
final class KubernetesModel {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private KubernetesModel() {
    }

    /** The problems of one object, empty when it binds completely. */
    static List<String> problems(JsonNode object) {
        String name = object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
        KubernetesResource typed;
        try {
            typed = Serialization.unmarshal(object.toString(), KubernetesResource.class);
        } catch (RuntimeException e) {
            return List.of(name + ": does not bind: " + e.getMessage());
        }
        if (typed instanceof GenericKubernetesResource) {
            return List.of(name + ": " + object.path("apiVersion").asText() + " is no built-in kind");
        }
        List<String> problems = new ArrayList<>();
        unknownFields(typed, name, problems);
        return problems;
    }

    private static void unknownFields(Object value, String path, List<String> problems) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || Modifier.isStatic(getter.getModifiers()) || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else {
                String property = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                unknownFields(field, path + "." + property, problems);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(getter + ": " + e, e);
        }
    }
}
