package io.pigeonim.client.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pigeonim.client.rest.api.AuthApi;
import io.pigeonim.client.rest.api.GroupsApi;
import io.pigeonim.client.rest.api.HistoryApi;
import io.pigeonim.client.rest.api.SyncApi;
import io.pigeonim.client.rest.model.AckEntry;
import io.pigeonim.client.rest.model.AckRequest;
import io.pigeonim.client.rest.model.Problem;
import io.pigeonim.client.rest.model.SyncResponse;

/**
 * The client openapi-generator made from the gateway's document: one operation per PROTOCOL.md call (a renamed
 * or lost operation breaks this file's compilation), and the answers of PROTOCOL.md read into its models.
 */
class GeneratedClientTest {

    private final ObjectMapper json = new JSON().getMapper();

    @Test
    void everyRestCallOfTheProtocolIsAnOperation() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:8080");
        AuthApi auth = new AuthApi(client);
        SyncApi sync = new SyncApi(client);
        HistoryApi history = new HistoryApi(client);
        GroupsApi groups = new GroupsApi(client);
        // referenced, not called: there is no gateway in a unit test
        List<Object> operations = List.of((Runnable) () -> {
            try {
                auth.issueDevToken(null);
                sync.getSyncSummary();
                sync.sync(50, null);
                sync.ackMessages(new AckRequest().addAcksItem(new AckEntry().conversationId("p:a:b").seq(17L)));
                history.getHistory("p:a:b", 0L, null, 50);
                groups.createGroup(null);
                groups.getGroup("g1");
                groups.addGroupMember("g1", null);
                groups.removeGroupMember("g1", "bob");
            } catch (ApiException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(operations).hasSize(1);
        assertThat(client.getBaseUri()).isEqualTo("http://localhost:8080");
    }

    @Test
    void theLastSyncPageAndAProblemReadIntoTheModels() throws Exception {
        SyncResponse last = json.readValue("{\"messages\":[],\"next\":null,\"hasMore\":false}", SyncResponse.class);
        assertThat(last.getMessages()).isEmpty();
        assertThat(last.getNext()).isNull();
        assertThat(last.getHasMore()).isFalse();

        SyncResponse page = json.readValue("{\"messages\":[{\"msgId\":\"m1\",\"conversationId\":\"p:alice:bob\",\"seq\":17,"
                + "\"senderId\":\"alice\",\"clientMsgId\":\"c1\",\"contentType\":\"text\",\"content\":\"hello\","
                + "\"sendTime\":1763800000000}],\"next\":\"t\",\"hasMore\":true}", SyncResponse.class);
        assertThat(page.getMessages().get(0).getSeq()).isEqualTo(17L);

        Problem problem = json.readValue("{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,"
                + "\"detail\":\"the owner cannot leave\",\"instance\":\"/api/v1/groups/g1/members/alice\",\"code\":\"CONFLICT\"}",
                Problem.class);
        assertThat(problem.getCode()).isEqualTo(Problem.CodeEnum.CONFLICT);
        assertThat(problem.getStatus()).isEqualTo(409);
    }
}
