package io.pigeonim.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The schemas of the custom resources we use, from the CustomResourceDefinitions checked into {@code k8s/schemas/}
 * (Strimzi 1.2.0, Prometheus Operator 0.93.0), made strict: an object schema with {@code properties} refuses any
 * other field, as the API server would prune it silently (so a typo would be lost without a word).
 */
final class CrdSchemas {

    private final Map<String, JsonSchema> byApiVersionAndKind = new HashMap<>();

    CrdSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        try (Stream<Path> files = Files.list(Repo.root().resolve("k8s/schemas"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode crd : Repo.yamlDocuments(Files.readString(file))) {
                    String group = crd.path("spec").path("group").asText();
                    String kind = crd.path("spec").path("names").path("kind").asText();
                    for (JsonNode version : crd.path("spec").path("versions")) {
                        JsonNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                        strict(schema);
                        byApiVersionAndKind.put(group + "/" + version.path("name").asText() + " " + kind,
                                factory.getSchema(schema));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema for this object's apiVersion and kind, if it is one of the custom resources we have. */
    Optional<JsonSchema> schemaOf(JsonNode object) {
        return Optional.ofNullable(byApiVersionAndKind.get(
                object.path("apiVersion").asText() + " " + object.path("kind").asText()));
    }

    /** What the schema finds wrong with {@code object}. */
    static Set<ValidationMessage> validate(JsonSchema schema, JsonNode object) {
        return schema.validate(object);
    }

    private static void strict(JsonNode schema) {
        if (schema instanceof ObjectNode node) {
            if (node.has("properties") && !node.has("additionalProperties")
                    && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                node.put("additionalProperties", false);
            }
            node.properties().forEach(e -> strict(e.getValue()));
        } else if (schema.isArray()) {
            schema.forEach(CrdSchemas::strict);
        }
    }
}
