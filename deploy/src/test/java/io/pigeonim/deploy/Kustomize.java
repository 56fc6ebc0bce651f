package io.pigeonim.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders a Kustomize directory with {@code kubectl kustomize}, offline: the kubectl of the machine (Debian's package
 * {@code kubernetes-client}, which {@code .ci/run} installs when none is there, or a newer one).
 */
final class Kustomize {

    /** The overlays users apply, and the base they share. */
    static final List<String> DIRECTORIES = List.of("k8s/base", "k8s/overlays/dev", "k8s/overlays/prod");

    private Kustomize() {
    }

    /** The objects {@code kubectl kustomize <directory>} writes, {@code directory} relative to the repository. */
    static Rendered render(String directory) {
        Path dir = Repo.root().resolve(directory);
        ProcessBuilder command = new ProcessBuilder("kubectl", "kustomize", dir.toString());
        try {
            Process process = command.start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + directory + " failed: " + err);
            }
            return new Rendered(directory, Repo.yamlDocuments(new String(out, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kubectl (apt-get install -y kubernetes-client; .ci/run does): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The objects of one rendered directory. */
    record Rendered(String directory, List<JsonNode> objects) {

        /** Objects of this kind. */
        List<JsonNode> all(String kind) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        }

        /** The one object of this kind and name. */
        JsonNode one(String kind, String name) {
            return all(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError(directory + ": no " + kind + " " + name));
        }

        @Override
        public String toString() {
            return directory;
        }
    }
}
