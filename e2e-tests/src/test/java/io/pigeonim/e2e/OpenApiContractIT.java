package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.pigeonim.common.json.PigeonJson;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document (PROTOCOL.md §6) against the running system: every REST call of PROTOCOL.md §1, §4, §5, as
 * a client generated from the document would make it, answers a status the document lists for that operation,
 * with the body the document describes (its required properties, or a {@code Problem} with a listed code).
 */
@ExtendWith(PigeonSystem.class)
class OpenApiContractIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static JsonNode doc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void readTheDocumentWithoutAToken() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(PigeonSystem.GATEWAY + "/api/v1/openapi.json")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        doc = PigeonJson.mapper().readTree(response.body());
        assertThat(doc.get("openapi").asString()).startsWith("3.1.");
    }

    @Test
    void everyCallAnswersAsDocumented() throws Exception {
        TestClient alice = TestClient.device("alice-" + run, "d1");
        TestClient bob = TestClient.device("bob-" + run, "d1");
        String direct = "p:" + alice.uid + ":" + bob.uid;

        conforms("post", "/api/v1/dev/token", 200, anonymousPost("/api/v1/dev/token", "{\"uid\":\"x-" + run + "\",\"deviceId\":\"d\"}"));
        conforms("post", "/api/v1/dev/token", 400, anonymousPost("/api/v1/dev/token", "{\"uid\":\"not valid\"}"));
        conforms("get", "/api/v1/sync/summary", 200, alice.get("/api/v1/sync/summary"));
        conforms("get", "/api/v1/sync/summary", 401, anonymousGet("/api/v1/sync/summary"));
        conforms("get", "/api/v1/sync", 200, alice.get("/api/v1/sync?limit=50"));
        conforms("get", "/api/v1/sync", 400, alice.get("/api/v1/sync?limit=500"));
        conforms("post", "/api/v1/sync/ack", 400, alice.post("/api/v1/sync/ack", "{}"));
        conforms("get", "/api/v1/conversations/{conversationId}/messages", 200,
                alice.get("/api/v1/conversations/" + direct + "/messages?afterSeq=0&limit=50"));
        conforms("get", "/api/v1/conversations/{conversationId}/messages", 403,
                alice.get("/api/v1/conversations/p:carol-" + run + ":dave-" + run + "/messages"));

        HttpResponse<String> created = alice.post("/api/v1/groups", "{\"name\":\"contract\",\"members\":[\"" + bob.uid + "\"]}");
        conforms("post", "/api/v1/groups", 201, created);
        String groupId = TestClient.json(created).get("groupId").asString();
        conforms("post", "/api/v1/groups", 400, alice.post("/api/v1/groups", "{\"name\":\" \"}"));
        conforms("get", "/api/v1/groups/{groupId}", 200, bob.get("/api/v1/groups/" + groupId));
        conforms("get", "/api/v1/groups/{groupId}", 404, alice.get("/api/v1/groups/nosuchgroup" + run));
        conforms("post", "/api/v1/groups/{groupId}/members", 204,
                alice.post("/api/v1/groups/" + groupId + "/members", "{\"uid\":\"carol-" + run + "\"}"));
        conforms("post", "/api/v1/groups/{groupId}/members", 403,
                bob.post("/api/v1/groups/" + groupId + "/members", "{\"uid\":\"dave-" + run + "\"}"));
        conforms("delete", "/api/v1/groups/{groupId}/members/{uid}", 409,
                alice.delete("/api/v1/groups/" + groupId + "/members/" + alice.uid));
        conforms("delete", "/api/v1/groups/{groupId}/members/{uid}", 204,
                bob.delete("/api/v1/groups/" + groupId + "/members/" + bob.uid));
        conforms("get", "/api/v1/groups/{groupId}", 403, bob.get("/api/v1/groups/" + groupId));
    }

    /** The answer has the expected status, the document lists it for the operation, and the body matches. */
    private static void conforms(String method, String path, int expected, HttpResponse<String> response) {
        String call = method.toUpperCase() + " " + response.uri();
        assertThat(response.statusCode()).as(call + ": " + response.body()).isEqualTo(expected);
        JsonNode documented = doc.get("paths").get(path).get(method).get("responses").get(String.valueOf(expected));
        assertThat(documented).as(call + ": status " + expected + " documented for " + method + " " + path).isNotNull();
        documented = resolve(documented);
        JsonNode content = documented.get("content");
        if (content == null) {
            assertThat(response.body()).as(call + ": no body documented").isEmpty();
            return;
        }
        String type = content.propertyNames().iterator().next();
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(call).startsWith(type);
        JsonNode schema = resolve(content.get(type).get("schema"));
        JsonNode body = PigeonJson.mapper().readTree(response.body());
        for (JsonNode required : schema.path("required")) {
            assertThat(body.has(required.asString())).as(call + ": required property " + required.asString()).isTrue();
        }
        if (schema.at("/properties/code/enum").isArray()) {
            assertThat(schema.at("/properties/code/enum").valueStream().map(JsonNode::asString))
                    .as(call + ": a documented code").contains(body.get("code").asString());
        }
    }

    private static JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = doc.at(node.get("$ref").asString().substring(1));
        }
        return node;
    }

    private static HttpResponse<String> anonymousGet(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(PigeonSystem.GATEWAY + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> anonymousPost(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(PigeonSystem.GATEWAY + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
