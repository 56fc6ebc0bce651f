package io.pigeonim.message;

import static io.pigeonim.message.GroupClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.redis.RedisKeys;
import io.pigeonim.testsupport.TestTrust;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/groups} as PROTOCOL.md §5 has it, and the membership check connectors use. */
class GroupApiIT extends AbstractMessageServiceIT {

    @Value("${local.server.port}")
    int port;

    GroupClient groups;

    @BeforeEach
    void client() {
        groups = new GroupClient(port);
    }

    @Test
    void theCreatorOwnsTheGroupAndOnlyMembersReadIt() {
        String alice = uid("alice");
        String bob = uid("bob");
        String carol = uid("carol");

        HttpResponse<String> created = groups.call(alice, "POST", "/api/v1/groups",
                "{\"name\":\"team\",\"members\":[\"" + bob + "\",\"" + carol + "\",\"" + bob + "\"]}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = PigeonJson.mapper().readTree(created.body());
        String groupId = body.path("groupId").asString();
        assertThat(groupId).matches("[A-Za-z0-9_-]{1,64}");
        assertThat(body.path("conversationId").asString()).isEqualTo("g:" + groupId);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/groups/" + groupId);

        HttpResponse<String> read = groups.call(bob, "GET", "/api/v1/groups/" + groupId, null);
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode group = PigeonJson.mapper().readTree(read.body());
        assertThat(group.path("groupId").asString()).isEqualTo(groupId);
        assertThat(group.path("name").asString()).isEqualTo("team");
        assertThat(group.path("owner").asString()).isEqualTo(alice);
        assertThat(group.path("members").values()).extracting(JsonNode::asString)
                .containsExactlyElementsOf(List.of(alice, bob, carol).stream().sorted().toList());

        assertProblem(groups.call(uid("eve"), "GET", "/api/v1/groups/" + groupId, null), 403, "FORBIDDEN");
        assertProblem(groups.call(alice, "GET", "/api/v1/groups/nope" + uid("x"), null), 404, "NOT_FOUND");
        assertProblem(groups.call(alice, "GET", "/api/v1/groups/bad.id", null), 404, "NOT_FOUND");
        // stored once: one conversation row (kind g, max_seq 0), one membership row per member, nothing else
        assertThat(jdbc.queryForMap("SELECT kind, max_seq FROM conversation WHERE conversation_id = ?", "g:" + groupId))
                .isEqualTo(Map.of("kind", "g", "max_seq", 0L));
        assertThat(jdbc.queryForList("SELECT join_seq FROM user_conversation WHERE conversation_id = ?", Long.class,
                "g:" + groupId)).containsExactly(0L, 0L, 0L);
        assertThat(redis.opsForSet().members(RedisKeys.members("g:" + groupId))).containsExactlyInAnyOrder(alice, bob,
                carol);
    }

    @Test
    void theOwnerAddsAMemberOnceAndNoOneElseMay() {
        String alice = uid("alice");
        String bob = uid("bob");
        String dave = uid("dave");
        String conversation = groups.create(alice, "team", bob);
        String path = "/api/v1/groups/" + GroupClient.groupId(conversation) + "/members";

        assertProblem(groups.call(bob, "POST", path, "{\"uid\":\"" + dave + "\"}"), 403, "FORBIDDEN");
        assertProblem(groups.call(dave, "POST", path, "{\"uid\":\"" + dave + "\"}"), 403, "FORBIDDEN");
        groups.add(alice, conversation, dave);
        groups.add(alice, conversation, dave);

        assertThat(members(bob, conversation)).contains(dave).hasSize(3);
        assertThat(jdbc.queryForObject("SELECT member_count FROM chat_group WHERE group_id = ?", Integer.class,
                GroupClient.groupId(conversation))).isEqualTo(3);
        assertThat(redis.opsForSet().isMember(RedisKeys.members(conversation), dave)).isTrue();
        assertProblem(groups.call(alice, "POST", "/api/v1/groups/unknown" + uid("g") + "/members",
                "{\"uid\":\"" + dave + "\"}"), 404, "NOT_FOUND");
    }

    @Test
    void theOwnerOrTheMemberThemselfRemovesAndTheOwnerLeavesLast() {
        String alice = uid("alice");
        String bob = uid("bob");
        String carol = uid("carol");
        String conversation = groups.create(alice, "team", bob, carol);
        String members = "/api/v1/groups/" + GroupClient.groupId(conversation) + "/members/";

        assertProblem(groups.call(bob, "DELETE", members + carol, null), 403, "FORBIDDEN");
        groups.remove(carol, conversation, carol);
        assertProblem(groups.call(alice, "DELETE", members + carol, null), 404, "NOT_FOUND");
        assertProblem(groups.call(alice, "DELETE", members + alice, null), 409, "CONFLICT");
        groups.remove(alice, conversation, bob);
        assertProblem(groups.call(bob, "GET", "/api/v1/groups/" + GroupClient.groupId(conversation), null), 403,
                "FORBIDDEN");
        groups.remove(alice, conversation, alice);

        assertThat(jdbc.queryForList("SELECT uid FROM user_conversation WHERE conversation_id = ? AND leave_seq IS NULL",
                String.class, conversation)).isEmpty();
        assertThat(redis.hasKey(RedisKeys.members(conversation))).isFalse();
    }

    @Test
    void theSizeLimitIsRefusedWithAClearError() {
        String alice = uid("alice");
        String[] five = {uid("m1"), uid("m2"), uid("m3"), uid("m4"), uid("m5")};
        String[] six = {uid("m1"), uid("m2"), uid("m3"), uid("m4"), uid("m5"), uid("m6")};

        HttpResponse<String> tooMany = groups.call(alice, "POST", "/api/v1/groups",
                PigeonJson.mapper().writeValueAsString(new GroupClient.Create("big", List.of(six))));
        assertProblem(tooMany, 400, "BAD_REQUEST");
        assertThat(PigeonJson.mapper().readTree(tooMany.body()).path("detail").asString()).contains("at most " + GROUP_LIMIT);

        String full = groups.create(alice, "full", five);
        HttpResponse<String> refused = groups.call(alice, "POST", "/api/v1/groups/" + GroupClient.groupId(full)
                + "/members", "{\"uid\":\"" + uid("m7") + "\"}");
        assertProblem(refused, 409, "CONFLICT");
        assertThat(PigeonJson.mapper().readTree(refused.body()).path("detail").asString()).contains("limit: " + GROUP_LIMIT);
        groups.add(alice, full, five[0]);
    }

    @Test
    void aMemberListLongerThanAGroupIsRefusedBeforeItsEntriesAreRead() {
        String alice = uid("alice");
        List<String> junk = Collections.nCopies(GROUP_LIMIT + 1, "not a uid!");

        HttpResponse<String> refused = groups.call(alice, "POST", "/api/v1/groups",
                PigeonJson.mapper().writeValueAsString(new GroupClient.Create("big", junk)));

        assertProblem(refused, 400, "BAD_REQUEST");
        assertThat(PigeonJson.mapper().readTree(refused.body()).path("detail").asString())
                .contains((GROUP_LIMIT + 1) + " entries").doesNotContain("members[0]");
    }

    @Test
    void identityHeadersWithoutTheGatewaysSignatureAreRefusedAndChangeNothing() throws Exception {
        String mallory = uid("mallory");
        String body = "{\"name\":\"forged\"}";
        URI uri = URI.create("http://localhost:" + port + "/api/v1/groups");
        Map<String, String> signedForBob = TestTrust.identity(uid("bob"), "d1", "POST", "/api/v1/groups");
        Map<String, String> forged = new HashMap<>(signedForBob);
        forged.put(IdentityHeaders.UID, mallory);
        List<Map<String, String>> attempts = List.of(
                Map.of(IdentityHeaders.UID, mallory, IdentityHeaders.DEVICE_ID, "d1"),
                forged,
                TestTrust.identity(mallory, "d1", "GET", "/api/v1/groups"));
        for (Map<String, String> headers : attempts) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            assertProblem(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()), 401,
                    "UNAUTHORIZED");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM chat_group WHERE owner_uid = ?", Integer.class, mallory))
                .isZero();
    }

    @Test
    void aUserOwnsAtMostTheQuotaOfGroups() {
        String alice = uid("alice");
        for (int i = 0; i < OWNED_LIMIT; i++) {
            groups.create(alice, "g" + i);
        }

        HttpResponse<String> refused = groups.call(alice, "POST", "/api/v1/groups", "{\"name\":\"one more\"}");

        assertProblem(refused, 409, "CONFLICT");
        assertThat(PigeonJson.mapper().readTree(refused.body()).path("detail").asString()).contains("quota");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM chat_group WHERE owner_uid = ?", Integer.class, alice))
                .isEqualTo(OWNED_LIMIT);
    }

    @Test
    void identityAndMalformedRequestsAreProblems() {
        String alice = uid("alice");
        assertProblem(groups.call(null, "POST", "/api/v1/groups", "{\"name\":\"x\"}"), 401, "UNAUTHORIZED");
        assertProblem(groups.call(null, "GET", "/api/v1/groups/abc", null), 401, "UNAUTHORIZED");
        assertProblem(groups.call("not a uid", "GET", "/api/v1/groups/abc", null), 401, "UNAUTHORIZED");
        assertProblem(groups.call(alice, "POST", "/api/v1/groups", "{\"name\":"), 400, "BAD_REQUEST");
        assertProblem(groups.call(alice, "POST", "/api/v1/groups", "{\"members\":[]}"), 400, "BAD_REQUEST");
        assertProblem(groups.call(alice, "POST", "/api/v1/groups", "{\"name\":\"t\",\"members\":[\"a b\"]}"), 400,
                "BAD_REQUEST");
        assertProblem(groups.call(alice, "POST", "/api/v1/groups", "{\"name\":\"t\",\"members\":[1]}"), 400,
                "BAD_REQUEST");
        String conversation = groups.create(alice, "solo");
        assertProblem(groups.call(alice, "POST", "/api/v1/groups/" + GroupClient.groupId(conversation) + "/members",
                "{\"uid\":\"a/b\"}"), 400, "BAD_REQUEST");
    }

    @Test
    void connectorsAskWhetherAUidIsAMemberAndTheMirrorIsRebuilt() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = groups.create(alice, "team", bob);
        redis.delete(RedisKeys.members(conversation));

        assertThat(membership(conversation, bob)).isEqualTo(204);
        assertThat(membership(conversation, uid("eve"))).isEqualTo(403);
        assertThat(membership("g:unknown" + uid("g"), bob)).isEqualTo(404);
        assertThat(membership("p:" + alice + ":" + bob, alice)).isEqualTo(204);
        assertThat(membership("p:" + alice + ":" + bob, uid("zed"))).isEqualTo(403);
        assertThat(membership("nonsense", bob)).isEqualTo(400);
        assertThat(redis.opsForSet().members(RedisKeys.members(conversation))).containsExactlyInAnyOrder(alice, bob);
        assertThat(redis.getExpire(RedisKeys.members(conversation))).isPositive();
    }

    private List<String> members(String caller, String conversation) {
        HttpResponse<String> read = groups.call(caller, "GET", "/api/v1/groups/" + GroupClient.groupId(conversation), null);
        assertThat(read.statusCode()).isEqualTo(200);
        return PigeonJson.mapper().readTree(read.body()).path("members").values().stream().map(JsonNode::asString).toList();
    }

    private int membership(String conversationId, String uid) throws Exception {
        return HttpClient.newHttpClient().send(TestTrust.internalGet(URI.create("http://localhost:" + port
                + "/internal/v1/conversations/" + conversationId + "/members/" + uid)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
