package io.pigeonim.seq;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.pigeonim.testsupport.TestTrust;

/** Calls {@code POST /internal/v1/seqs} like message-service would. */
public final class SeqClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    /** One range of one answer. */
    public record Range(String conversationId, long first, long last) {
    }

    /** An answer: HTTP status, ranges (on 200) and the raw body. */
    public record Answer(int status, List<Range> ranges, JsonNode body) {
        public boolean ok() {
            return status == 200;
        }
    }

    /** Allocates {@code counts} (conversation id to count, in order); a refused connection is status 0. */
    public Answer allocate(String baseUrl, Map<String, Integer> counts) {
        return post(baseUrl, body(counts));
    }

    /** Serialises an allocation request body. */
    public static String body(Map<String, Integer> counts) {
        List<Map<String, Object>> allocations = new ArrayList<>();
        counts.forEach((id, n) -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("conversationId", id);
            a.put("count", n);
            allocations.add(a);
        });
        return JSON.writeValueAsString(Map.of("allocations", allocations));
    }

    /** Posts a body and returns only the status, reading the answer without parsing it (for the benchmark). */
    public int postStatusOnly(String baseUrl, String body) {
        HttpRequest request = TestTrust.internalPost(URI.create(baseUrl + "/internal/v1/seqs"), body)
                .timeout(Duration.ofSeconds(10)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts a raw body. */
    public Answer post(String baseUrl, String body) {
        HttpRequest request = TestTrust.internalPost(URI.create(baseUrl + "/internal/v1/seqs"), body)
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            List<Range> ranges = new ArrayList<>();
            if (response.statusCode() == 200) {
                for (JsonNode r : json.get("ranges")) {
                    ranges.add(new Range(r.get("conversationId").asString(), r.get("first").asLong(), r.get("last").asLong()));
                }
            }
            return new Answer(response.statusCode(), ranges, json);
        } catch (IOException e) {
            return new Answer(0, List.of(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs a path and returns status and body. */
    public Map.Entry<Integer, String> get(String baseUrl, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return Map.entry(response.statusCode(), response.body());
    }
}
