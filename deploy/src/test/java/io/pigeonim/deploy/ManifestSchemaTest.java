package io.pigeonim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;

/**
 * Every object of every overlay is valid: built-in kinds against the Kubernetes model, Strimzi and Prometheus Operator
 * resources against their checked-in CRD schemas. Nothing else may appear (a kind we have no schema for is refused).
 */
class ManifestSchemaTest {

    private static final CrdSchemas CRDS = new CrdSchemas();

    static Stream<String> directories() {
        return Kustomize.DIRECTORIES.stream();
    }

    @ParameterizedTest
    @MethodSource("directories")
    void everyObjectValidatesAgainstItsSchema(String directory) {
        Kustomize.Rendered rendered = Kustomize.render(directory);
        assertThat(rendered.objects()).as("objects of " + directory).hasSizeGreaterThan(20);
        List<String> problems = new ArrayList<>();
        for (JsonNode object : rendered.objects()) {
            Optional<JsonSchema> crd = CRDS.schemaOf(object);
            if (crd.isPresent()) {
                CrdSchemas.validate(crd.get(), object).forEach(message -> problems.add(
                        object.path("kind").asText() + " " + object.path("metadata").path("name").asText() + ": "
                                + message.getMessage()));
            } else if (object.path("apiVersion").asText().contains(".") && !isBuiltInGroup(object)) {
                problems.add(object.path("apiVersion").asText() + " " + object.path("kind").asText()
                        + ": no schema in k8s/schemas");
            } else {
                problems.addAll(KubernetesModel.problems(object));
            }
        }
        assertThat(problems).as(directory).isEmpty();
    }

    private static boolean isBuiltInGroup(JsonNode object) {
        String group = object.path("apiVersion").asText().split("/")[0];
        return group.endsWith(".k8s.io") || List.of("apps", "batch", "policy", "autoscaling").contains(group);
    }
}
