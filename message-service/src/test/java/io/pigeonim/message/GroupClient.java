package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.testsupport.TestTrust;
import tools.jackson.databind.JsonNode;

/** The group REST API as the gateway calls it: identity in the gateway's headers. */
final class GroupClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;

    GroupClient(int port) {
        this.base = "http://localhost:" + port;
    }

    /** Creates a group owned by {@code owner}; returns its conversation id. */
    String create(String owner, String name, String... members) {
        HttpResponse<String> created = call(owner, "POST", "/api/v1/groups",
                PigeonJson.mapper().writeValueAsString(new Create(name, List.of(members))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return PigeonJson.mapper().readTree(created.body()).path("conversationId").asString();
    }

    void add(String caller, String conversationId, String uid) {
        HttpResponse<String> added = call(caller, "POST", "/api/v1/groups/" + groupId(conversationId) + "/members",
                "{\"uid\":\"" + uid + "\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(204);
    }

    void remove(String caller, String conversationId, String uid) {
        HttpResponse<String> removed = call(caller, "DELETE",
                "/api/v1/groups/" + groupId(conversationId) + "/members/" + uid, null);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
    }

    static String groupId(String conversationId) {
        return conversationId.substring(2);
    }

    /** A request as {@code uid} on device d1 ({@code uid} null: no identity headers); {@code body} null: none. */
    HttpResponse<String> call(String uid, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (uid != null) {
            TestTrust.as(uid, "d1", request);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = PigeonJson.mapper().readTree(response.body());
        assertThat(body.path("code").asString()).isEqualTo(code);
    }

    record Create(String name, List<String> members) {
    }
}
