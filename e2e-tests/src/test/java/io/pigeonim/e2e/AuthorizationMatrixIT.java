package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.testsupport.TestSocket;

/**
 * Issue 14's authorization matrix: every REST endpoint and frame type, called as the right user, another user, a
 * non-member, without a token, with a forged, an expired or a wrong-audience token, with spoofed identity headers,
 * and through paths with {@code ..}, {@code %2e} and {@code ;}; every internal endpoint called directly without
 * the internal credential. Each refusal has the documented status, and the database is compared before and after:
 * a refused call changes nothing.
 */
@ExtendWith(PigeonSystem.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String alice = "mx-alice-" + run;
    private final String bob = "mx-bob-" + run;
    private final String eve = "mx-eve-" + run;
    private final String dave = "mx-dave-" + run;
    private final String direct = ConversationId.direct(alice, bob).value();
    private TestClient aliceDevice;
    private TestClient bobDevice;
    private TestClient eveDevice;
    private String groupId;
    private String group;

    /** Who calls, and with what credential. */
    enum Caller {
        RIGHT_USER, OTHER_USER, NON_MEMBER, NO_TOKEN, FORGED, EXPIRED, WRONG_AUDIENCE, SPOOFED_HEADERS,
        NON_MEMBER_SPOOFING
    }

    /** One REST endpoint: its request, and the status each authenticated caller gets. */
    record Endpoint(String method, String path, String body, int right, int other, int nonMember) {
    }

    @BeforeAll
    void fixture() throws Exception {
        aliceDevice = TestClient.device(alice, "phone").connect();
        bobDevice = TestClient.device(bob, "phone").connect();
        eveDevice = TestClient.device(eve, "phone").connect();
        // alice owns a group with bob and dave; alice and bob have one message between them
        groupId = TestClient.json(aliceDevice.post("/api/v1/groups", "{\"name\":\"matrix\",\"members\":[\"" + bob
                + "\",\"" + dave + "\"]}")).get("groupId").asString();
        group = "g:" + groupId;
        aliceDevice.send(new ClientFrame.Send(1L, "mx-1", direct, "text", "hello bob"));
        aliceDevice.await(ServerFrame.SendAck.class, ack -> ack.clientId() == 1L);
        bobDevice.await(ServerFrame.MessageFrame.class, m -> m.conversationId().equals(direct));
        // what every refused call is compared against: the group, its three members, the message
        assertThat(snapshot()).anyMatch(row -> row.startsWith("group|" + groupId))
                .anyMatch(row -> row.startsWith("member|" + dave + "|" + group))
                .anyMatch(row -> row.startsWith("message|" + direct + "|"));
    }

    @AfterAll
    void close() {
        for (TestClient device : new TestClient[] {aliceDevice, bobDevice, eveDevice}) {
            if (device != null) {
                device.close();
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRestEndpointForEveryCaller() {
        String members = "/api/v1/groups/" + groupId + "/members";
        List<Endpoint> endpoints = List.of(
                new Endpoint("GET", "/api/v1/sync/summary", null, 200, 200, 200),
                new Endpoint("GET", "/api/v1/sync?limit=5", null, 200, 200, 200),
                new Endpoint("POST", "/api/v1/sync/ack", acks(direct, 0), 204, 204, 403),
                new Endpoint("GET", "/api/v1/conversations/" + direct + "/messages?afterSeq=0", null, 200, 200, 403),
                new Endpoint("GET", "/api/v1/groups/" + groupId, null, 200, 200, 403),
                // owner only: bob is a member but not the owner
                new Endpoint("POST", members, "{\"uid\":\"" + dave + "\"}", 204, 403, 403),
                // the owner or the member themself: nobody else removes dave
                new Endpoint("DELETE", members + "/" + dave, null, 204, 403, 403),
                new Endpoint("POST", "/api/v1/groups", "{\"name\":\"mine\"}", 201, 201, 201));
        List<DynamicTest> cells = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            // the right user last: its call may change what the others are checked against
            for (Caller caller : List.of(Caller.NO_TOKEN, Caller.FORGED, Caller.EXPIRED, Caller.WRONG_AUDIENCE,
                    Caller.SPOOFED_HEADERS, Caller.NON_MEMBER_SPOOFING, Caller.NON_MEMBER, Caller.OTHER_USER,
                    Caller.RIGHT_USER)) {
                cells.add(DynamicTest.dynamicTest(endpoint.method() + " " + endpoint.path() + " as " + caller,
                        () -> restCell(endpoint, caller)));
            }
        }
        return cells.stream();
    }

    private void restCell(Endpoint endpoint, Caller caller) throws Exception {
        int expected = switch (caller) {
            case RIGHT_USER -> endpoint.right();
            case OTHER_USER -> endpoint.other();
            case NON_MEMBER, NON_MEMBER_SPOOFING -> endpoint.nonMember();
            default -> 401;
        };
        boolean refused = expected >= 400;
        List<String> before = snapshot();

        HttpResponse<String> answer = call(endpoint.method(), endpoint.path(), endpoint.body(), caller);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expected);
        if (refused) {
            assertProblem(answer, expected);
            assertThat(snapshot()).as("a refused call changes nothing").isEqualTo(before);
        }
        if (caller == Caller.NON_MEMBER_SPOOFING && !refused) {
            // spoofed headers are dropped: the call is eve's, whatever she claimed
            assertThat(answer.body()).doesNotContain(direct);
        }
    }

    @TestFactory
    Stream<DynamicTest> pathTricksAreRefusedBeforeRouting() {
        List<String> tricks = List.of(
                "/api/v1/groups/../../internal/v1/acks",
                "/api/v1/groups/%2e%2e/%2e%2e/internal/v1/acks",
                "/api/v1/groups/%2E%2E/" + groupId,
                "/api/v1/groups/" + groupId + ";jsessionid=x",
                "/api/v1/sync/..;/..;/internal/v1/acks",
                "/api/v1/groups/.%2e/internal",
                "/api/v1/groups/" + groupId + "/members/%2e%2e%2f" + dave,
                "/api/v1/conversations/" + direct + "/./messages");
        return tricks.stream().map(path -> DynamicTest.dynamicTest(path, () -> {
            List<String> before = snapshot();
            for (String method : List.of("GET", "POST", "DELETE")) {
                HttpResponse<String> answer = call(method, path, method.equals("POST") ? acks(direct, 1) : null,
                        Caller.RIGHT_USER);
                assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(400);
                assertProblem(answer, 400);
            }
            assertThat(snapshot()).isEqualTo(before);
        }));
    }

    @TestFactory
    Stream<DynamicTest> aWebSocketUpgradeNeedsAValidToken() {
        Map<Caller, String> queries = Map.of(
                Caller.NO_TOKEN, "",
                Caller.FORGED, "token=" + Tokens.forged(alice, "phone"),
                Caller.EXPIRED, "token=" + Tokens.expired(alice, "phone"),
                Caller.WRONG_AUDIENCE, "token=" + Tokens.wrongAudience(alice, "phone"));
        Stream<DynamicTest> tokens = queries.entrySet().stream().map(entry -> DynamicTest.dynamicTest(
                "GET /ws as " + entry.getKey(), () -> assertThat(TestSocket.upgradeStatus(TestClient.wsUri(entry.getValue()),
                        Map.of())).isEqualTo(401)));
        DynamicTest spoofed = DynamicTest.dynamicTest("GET /ws as " + Caller.SPOOFED_HEADERS,
                () -> assertThat(TestSocket.upgradeStatus(TestClient.wsUri(null), spoofedHeaders(alice))).isEqualTo(401));
        return Stream.concat(tokens, Stream.of(spoofed));
    }

    @TestFactory
    Stream<DynamicTest> everyFrameTypeForEveryUser() {
        return Stream.of(
                DynamicTest.dynamicTest("ping as any user", () -> {
                    eveDevice.send(new ClientFrame.Ping());
                    eveDevice.await(ServerFrame.Pong.class, p -> true);
                }),
                DynamicTest.dynamicTest("send into a group as a non-member", () -> refusedFrame(eveDevice,
                        new ClientFrame.Send(1L, "mx-e1", group, "text", "let me in"), ErrorCode.FORBIDDEN)),
                DynamicTest.dynamicTest("send into another pair's conversation", () -> refusedFrame(eveDevice,
                        new ClientFrame.Send(1L, "mx-e2", direct, "text", "as if"), ErrorCode.FORBIDDEN)),
                DynamicTest.dynamicTest("ack another pair's conversation", () -> refusedFrame(eveDevice,
                        new ClientFrame.Ack(List.of(new AckEntry(direct, 1L))), ErrorCode.FORBIDDEN)),
                DynamicTest.dynamicTest("ack a group as a non-member", () -> refusedFrame(eveDevice,
                        new ClientFrame.Ack(List.of(new AckEntry(group, 0L))), ErrorCode.FORBIDDEN)),
                DynamicTest.dynamicTest("spoofed identity headers on the upgrade change nobody's identity", () -> {
                    try (TestClient spoofing = TestClient.device(eve, "laptop")) {
                        spoofing.connect(spoofedHeaders(alice));
                        refusedFrame(spoofing, new ClientFrame.Send(1L, "mx-e3", direct, "text", "it's me, alice"),
                                ErrorCode.FORBIDDEN);
                    }
                }),
                DynamicTest.dynamicTest("a send is always the connection's own, whatever the frame claims", () -> {
                    bobDevice.sendText("{\"type\":\"send\",\"clientId\":1,\"clientMsgId\":\"mx-b1\",\"conversationId\":\""
                            + direct + "\",\"contentType\":\"text\",\"content\":\"hi\",\"senderId\":\"" + alice
                            + "\",\"uid\":\"" + alice + "\"}");
                    bobDevice.await(ServerFrame.SendAck.class, ack -> ack.clientMsgId().equals("mx-b1"));
                    ServerFrame.MessageFrame stored = aliceDevice.await(ServerFrame.MessageFrame.class,
                            m -> m.clientMsgId().equals("mx-b1"));
                    assertThat(stored.senderId()).isEqualTo(bob);
                }));
    }

    private void refusedFrame(TestClient device, ClientFrame frame, ErrorCode code) throws Exception {
        List<String> before = snapshot();
        device.send(frame);
        assertThat(device.await(ServerFrame.Error.class, e -> true).code()).isEqualTo(code);
        assertThat(device.isOpen()).isTrue();
        assertThat(snapshot()).as("a refused frame changes nothing").isEqualTo(before);
    }

    @TestFactory
    Stream<DynamicTest> everyInternalEndpointRefusesCallsWithoutTheInternalCredential() {
        String ack = "{\"uid\":\"" + bob + "\",\"deviceId\":\"phone\",\"acks\":[{\"conversationId\":\"" + direct
                + "\",\"seq\":1}]}";
        String push = "{\"pushes\":[{\"uids\":[\"" + alice + "\"],\"frame\":{\"type\":\"message\",\"msgId\":\"mx-x\","
                + "\"conversationId\":\"" + direct + "\",\"seq\":99,\"senderId\":\"" + bob + "\",\"clientMsgId\":\"mx-x\","
                + "\"contentType\":\"text\",\"content\":\"forged push\",\"sendTime\":1}}]}";
        List<String[]> calls = new ArrayList<>(List.of(
                new String[] {Services.MESSAGE, "POST", "/internal/v1/acks", ack},
                new String[] {Services.MESSAGE, "POST", "/internal/v1/acks?flush=now", ack},
                new String[] {Services.MESSAGE, "POST", "/internal/v1/acks/batch", "{\"requests\":[" + ack + "]}"},
                new String[] {Services.MESSAGE, "GET", "/internal/v1/conversations/" + group + "/members/" + eve, null},
                new String[] {Services.SEQ, "POST", "/internal/v1/seqs",
                        "{\"allocations\":[{\"conversationId\":\"" + group + "\",\"count\":5}]}"},
                // the public API straight at a service, with identity headers but no gateway signature
                new String[] {Services.MESSAGE, "POST", "/api/v1/groups", "{\"name\":\"spoofed\"}"},
                new String[] {Services.OFFLINE, "POST", "/api/v1/sync/ack", acks(direct, 1)},
                new String[] {Services.MESSAGE, "GET", "/api/v1/groups/../../internal/v1/acks", null}));
        for (String connector : Services.CONNECTORS) {
            calls.add(new String[] {connector, "POST", "/internal/v1/push", push});
            calls.add(new String[] {connector, "POST", "/internal/v1/connections/replaced",
                    "{\"uid\":\"" + alice + "\",\"deviceId\":\"phone\"}"});
        }
        Stream<DynamicTest> http = calls.stream().map(call -> DynamicTest.dynamicTest(
                call[1] + " " + call[0] + call[2], () -> {
                    List<String> before = snapshot();
                    for (Map<String, String> headers : List.of(Map.<String, String>of(), spoofedHeaders(alice),
                            Map.of("X-Pigeon-Service", "message-service.dev.9999999999.AAAA"))) {
                        HttpResponse<String> answer = direct(call[0], call[1], call[2], call[3], headers);
                        int expected = call[2].contains("..") ? 400 : 401;
                        assertThat(answer.statusCode()).as(call[2] + " " + headers + ": " + answer.body())
                                .isEqualTo(expected);
                    }
                    assertThat(snapshot()).isEqualTo(before);
                    aliceDevice.expectNone(ServerFrame.MessageFrame.class, m -> m.clientMsgId().equals("mx-x"),
                            Duration.ofMillis(200));
                    assertThat(aliceDevice.isOpen()).as("not replaced").isTrue();
                }));
        Stream<DynamicTest> webSockets = Services.CONNECTORS.stream().map(connector -> DynamicTest.dynamicTest(
                "GET " + connector + "/ws with forged identity headers", () -> assertThat(TestSocket.upgradeStatus(
                        URI.create(connector.replaceFirst("^http", "ws") + "/ws"), spoofedHeaders(alice)))
                        .isEqualTo(401)));
        return Stream.concat(http, webSockets);
    }

    // --- helpers

    private List<String> snapshot() {
        return Database.snapshot(List.of(alice, bob, eve, dave), List.of(direct, group));
    }

    private HttpResponse<String> call(String method, String path, String body, Caller caller) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(PigeonSystem.GATEWAY + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        String token = switch (caller) {
            case RIGHT_USER -> aliceDevice.token;
            case OTHER_USER -> bobDevice.token;
            case NON_MEMBER, NON_MEMBER_SPOOFING -> eveDevice.token;
            case FORGED -> Tokens.forged(alice, "phone");
            case EXPIRED -> Tokens.expired(alice, "phone");
            case WRONG_AUDIENCE -> Tokens.wrongAudience(alice, "phone");
            case NO_TOKEN, SPOOFED_HEADERS -> null;
        };
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (caller == Caller.SPOOFED_HEADERS || caller == Caller.NON_MEMBER_SPOOFING) {
            spoofedHeaders(alice).forEach(request::header);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> direct(String base, String method, String path, String body,
            Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a forger sets: the gateway's identity headers with a made-up signature. */
    private static Map<String, String> spoofedHeaders(String uid) {
        return Map.of("X-Pigeon-Uid", uid, "X-Pigeon-Device-Id", "phone",
                "X-Pigeon-Assertion", "dev." + (System.currentTimeMillis() / 1000 + 20) + ".bm90LWEtc2lnbmF0dXJl");
    }

    private static String acks(String conversationId, long seq) {
        return "{\"acks\":[{\"conversationId\":\"" + conversationId + "\",\"seq\":" + seq + "}]}";
    }

    private static void assertProblem(HttpResponse<String> answer, int status) {
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        String code = switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            default -> "BAD_REQUEST";
        };
        assertThat(PigeonJson.mapper().readTree(answer.body()).path("code").asString()).isEqualTo(code);
    }

    /** Where the services behind the gateway listen in the local run ({@code ./pigeon}); env overrides. */
    static final class Services {
        static final String MESSAGE = System.getenv().getOrDefault("PIGEON_MESSAGE_URL", "http://127.0.0.1:8082");
        static final String OFFLINE = System.getenv().getOrDefault("PIGEON_OFFLINE_URL", "http://127.0.0.1:8083");
        static final String SEQ = System.getenv().getOrDefault("PIGEON_SEQ_URL", "http://127.0.0.1:8084");
        static final List<String> CONNECTORS = List.of(
                System.getenv().getOrDefault("PIGEON_CONNECTOR_URL", "http://127.0.0.1:8081"), "http://127.0.0.1:8091");

        private Services() {
        }
    }
}
