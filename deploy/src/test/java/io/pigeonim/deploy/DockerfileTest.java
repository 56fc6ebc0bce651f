package io.pigeonim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * A static check of deploy/docker/Dockerfile (no Docker engine here): base images pinned, the layered jar extracted,
 * a non-root user, exec-form commands (the JVM is PID 1 and gets SIGTERM; no shell in the runtime image), and only
 * instructions that exist.
 */
class DockerfileTest {

    private static final List<String> INSTRUCTIONS = List.of("FROM", "ARG", "WORKDIR", "COPY", "RUN", "LABEL", "USER",
            "ENV", "EXPOSE", "ENTRYPOINT", "CMD", "HEALTHCHECK", "STOPSIGNAL");
    private static final Pattern ARG_DEFAULT = Pattern.compile("^ARG (\\w+)=(\\S+)$");

    record Instruction(int line, String keyword, String arguments) {
    }

    @Test
    void theDockerfileFollowsTheImageRules() {
        List<Instruction> file = parse(Repo.read("deploy/docker/Dockerfile"));
        List<String> problems = new ArrayList<>();
        java.util.Map<String, String> defaults = new java.util.HashMap<>();
        String user = null;
        int stages = 0;
        for (Instruction i : file) {
            if (!INSTRUCTIONS.contains(i.keyword())) {
                problems.add("line " + i.line() + ": unknown instruction " + i.keyword());
            }
            Matcher arg = ARG_DEFAULT.matcher(i.keyword() + " " + i.arguments());
            if (arg.matches()) {
                defaults.put(arg.group(1), arg.group(2));
            }
            switch (i.keyword()) {
                case "FROM" -> {
                    stages++;
                    user = null;
                    String image = i.arguments().split("\\s+")[0];
                    if (image.startsWith("${")) {
                        image = defaults.getOrDefault(image.substring(2, image.length() - 1), "");
                    }
                    if (!image.matches("[\\w./-]+:[\\w.-]+") || image.endsWith(":latest")) {
                        problems.add("line " + i.line() + ": base image not pinned to a tag: " + image);
                    }
                }
                case "USER" -> user = i.arguments();
                case "ENTRYPOINT", "CMD", "RUN" -> {
                    if (!i.arguments().startsWith("[")) {
                        problems.add("line " + i.line() + ": " + i.keyword() + " in shell form needs a shell");
                    }
                }
                case "ADD" -> problems.add("line " + i.line() + ": ADD (use COPY)");
                default -> { }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(stages).as("a build stage and a runtime stage").isEqualTo(2);
        assertThat(user).as("the runtime stage's user").isNotNull().doesNotStartWith("0").doesNotStartWith("root");
        assertThat(defaults.get("RUNTIME_IMAGE")).as("a runtime image without a shell").contains("distroless");
        assertThat(file).anySatisfy(i -> assertThat(i.arguments()).contains("-Djarmode=tools").contains("--layers"));
        assertThat(file.get(file.size() - 1).keyword()).isEqualTo("ENTRYPOINT");
        assertThat(file).filteredOn(i -> i.keyword().equals("EXPOSE")).singleElement()
                .satisfies(i -> assertThat(i.arguments()).isEqualTo("8080 9090"));
    }

    /** Instructions with their continuation lines joined, comments and parser directives dropped. */
    static List<Instruction> parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = 0;
        String[] lines = text.split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (current.isEmpty()) {
                start = n + 1;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String[] parts = current.toString().split("\\s+", 2);
            instructions.add(new Instruction(start, parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : ""));
            current.setLength(0);
        }
        return instructions;
    }
}
