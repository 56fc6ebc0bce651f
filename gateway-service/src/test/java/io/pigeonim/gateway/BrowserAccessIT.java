package io.pigeonim.gateway;

import static io.pigeonim.gateway.GatewayIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.testsupport.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * What a browser page on another origin sees (PROTOCOL.md §6): CORS preflights answered without a token, the CORS
 * headers on every answer, the public OpenAPI document, pigeon.js and the demo page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pigeon.gateway.jwt.secret=" + TestTokens.SECRET,
        "pigeon.gateway.cors.allowed-origins=http://app.example, https://*.pigeon.example",
        "pigeon.gateway.demo.enabled=true"})
class BrowserAccessIT {

    private static final String APP = "http://app.example";
    private static final StandInUpstream OFFLINE = StandInUpstream.start("offline");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("OFFLINE_URL", OFFLINE::httpUrl);
    }

    @AfterAll
    static void stopUpstreams() {
        OFFLINE.close();
    }

    // --- CORS

    @Test
    void preflightFromAConfiguredOriginIsAnsweredWithoutAToken() throws Exception {
        HttpResponse<String> response = preflight("/api/v1/sync/summary", "https://chat.pigeon.example", "GET");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://chat.pigeon.example");
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
                .contains("authorization");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(response.headers().firstValue("Access-Control-Max-Age")).hasValue("3600");
    }

    @Test
    void preflightFromAnotherOriginIsRefused() throws Exception {
        HttpResponse<String> response = preflight("/api/v1/sync/summary", "http://evil.example", "GET");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aCrossOriginCallReachesTheServiceWithItsTokenAndThePageMayReadTheAnswer() throws Exception {
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> response = http.send(request("/api/v1/sync/summary?m=" + marker)
                .header("Origin", APP).header("Authorization", "Bearer " + token()).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Access-Control-Allow-Origin")).containsExactly(APP);
        assertThat(OFFLINE.seenWith(marker)).hasSize(1);
    }

    @Test
    void aCrossOriginCallWithoutATokenGetsA401ThePageCanRead() throws Exception {
        HttpResponse<String> response = http.send(request("/api/v1/sync/summary").header("Origin", APP)
                .header("Cookie", "session=alice").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                .contains("WWW-Authenticate").contains("Retry-After");
    }

    // --- the OpenAPI document

    @Test
    void theOpenApiDocumentIsPublicAndDescribesEveryRoutedApiWithTheProblemModel() throws Exception {
        HttpResponse<String> response = http.send(request("/api/v1/openapi.json").header("Origin", APP).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        JsonNode doc = PigeonJson.mapper().readTree(response.body());
        assertThat(doc.get("openapi").asString()).startsWith("3.1.");
        List<String> paths = new ArrayList<>(doc.get("paths").propertyNames());
        // every routed prefix of application.yml and the gateway's own dev token
        assertThat(paths).contains("/api/v1/dev/token", "/api/v1/sync", "/api/v1/sync/summary", "/api/v1/sync/ack",
                "/api/v1/conversations/{conversationId}/messages", "/api/v1/groups", "/api/v1/groups/{groupId}",
                "/api/v1/groups/{groupId}/members", "/api/v1/groups/{groupId}/members/{uid}");
        JsonNode problem = doc.at("/components/schemas/Problem/properties/code/enum");
        assertThat(problem.valueStream().map(JsonNode::asString).toList()).containsExactlyInAnyOrder("BAD_REQUEST",
                "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "RATE_LIMITED", "UNAVAILABLE", "INTERNAL");
        doc.at("/components/responses").properties().forEach(shared -> assertThat(shared.getValue().toString())
                .as(shared.getKey()).contains("#/components/schemas/Problem"));
        for (String path : paths) {
            doc.get("paths").get(path).properties().forEach(operation -> {
                JsonNode responses = operation.getValue().get("responses");
                boolean open = operation.getValue().has("security") && operation.getValue().get("security").isEmpty();
                assertThat(responses.has("401") || open).as(path + " " + operation.getKey() + " documents 401").isTrue();
                responses.properties().stream().filter(status -> status.getKey().matches("[45]\\d\\d"))
                        .forEach(status -> assertThat(status.getValue().toString())
                                .as(path + " " + operation.getKey() + " " + status.getKey() + " is a Problem")
                                .matches(text -> text.contains("Problem") || text.contains("#/components/responses/")));
            });
        }
    }

    // --- pages

    @Test
    void pigeonJsAndTheDemoPageAndTheViewerAreServedWithoutAToken() throws Exception {
        HttpResponse<String> js = get("/pigeon.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(js.body()).contains("export class PigeonClient");
        assertThat(get("/pigeon.d.ts").body()).contains("export declare class PigeonClient");

        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("demo/demo.js");
        HttpResponse<String> demo = get("/demo/demo.js");
        assertThat(demo.headers().firstValue("Content-Type").orElseThrow()).contains("javascript");
        assertThat(demo.body()).contains("from '../pigeon.js'");
        assertThat(get("/api/v1/openapi/ui/").body()).contains("/api/v1/openapi.json");
        assertThat(get("/api/v1/openapi/ui/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
    }

    // --- helpers

    private HttpResponse<String> preflight(String path, String origin, String method) throws Exception {
        return http.send(request(path).header("Origin", origin).header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    private static String token() {
        return TestTokens.signed("alice", "d1", Instant.now().plusSeconds(3600));
    }
}
