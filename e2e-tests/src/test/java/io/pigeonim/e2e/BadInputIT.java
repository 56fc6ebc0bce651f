package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.testsupport.TestSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input from the start: refused with a clear error, the connection kept, nothing crashes. */
@ExtendWith(PigeonSystem.class)
class BadInputIT {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aWebSocketWithoutAValidTokenIsRefusedWith401() {
        assertHandshakeStatus(null, 401);
        assertHandshakeStatus("token=not.a.jwt", 401);
        // a well-formed token signed with another secret
        String forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5IiwiZGlkIjoiZDEiLCJleHAiOjQxMDI0NDQ4MDB9."
                + "c2lnbmVkLXdpdGgtdGhlLXdyb25nLXNlY3JldC0xMjM0NTY3ODk";
        assertHandshakeStatus("token=" + forged, 401);
    }

    @Test
    void aRestCallWithoutATokenIsAProblemWith401() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(PigeonSystem.GATEWAY + "/api/v1/sync/summary")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"UNAUTHORIZED\"");
    }

    @Test
    void malformedFramesAreAnsweredWithBadFrameAndTheConnectionStaysOpen() throws Exception {
        try (TestClient alice = TestClient.device("alice-" + run, "phone").connect()) {
            alice.sendText("this is not json");
            assertThat(alice.await(ServerFrame.Error.class, e -> true).code()).isEqualTo(ErrorCode.BAD_FRAME);
            alice.sendText("{\"type\":\"shout\"}");
            assertThat(alice.await(ServerFrame.Error.class, e -> true).code()).isEqualTo(ErrorCode.BAD_FRAME);
            alice.sendText("{\"type\":\"send\",\"clientId\":1,\"conversationId\":\"p:a:b\"}");
            ServerFrame.Error missing = alice.await(ServerFrame.Error.class, e -> true);
            assertThat(missing.code()).isEqualTo(ErrorCode.BAD_FRAME);
            assertThat(missing.clientId()).isEqualTo(1L);

            alice.send(new ClientFrame.Ping());
            alice.await(ServerFrame.Pong.class, p -> true);
            assertThat(alice.isOpen()).isTrue();
        }
    }

    @Test
    void sendingIntoAConversationOfOthersIsForbiddenAndUsesNoClientId() throws Exception {
        try (TestClient mallory = TestClient.device("mallory-" + run, "d1").connect()) {
            String foreign = ConversationId.direct("alice-" + run, "bob-" + run).value();
            mallory.send(new ClientFrame.Send(1L, "x-1", foreign, "text", "hi"));
            ServerFrame.Error error = mallory.await(ServerFrame.Error.class, e -> true);
            assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(error.clientId()).isEqualTo(1L);

            // the refused send did not use up clientId 1
            String own = ConversationId.direct(mallory.uid, "bob-" + run).value();
            mallory.send(new ClientFrame.Send(1L, "x-2", own, "text", "hi"));
            assertThat(mallory.await(ServerFrame.SendAck.class, a -> true).clientMsgId()).isEqualTo("x-2");
        }
    }

    @Test
    void aClientIdGapIsOutOfOrderWithTheExpectedId() throws Exception {
        try (TestClient alice = TestClient.device("alice-" + run, "phone").connect()) {
            String conversation = ConversationId.direct(alice.uid, "bob-" + run).value();
            alice.send(new ClientFrame.Send(3L, "gap-3", conversation, "text", "too early"));
            ServerFrame.Error error = alice.await(ServerFrame.Error.class, e -> true);
            assertThat(error.code()).isEqualTo(ErrorCode.OUT_OF_ORDER);
            assertThat(error.expectedClientId()).isEqualTo(1L);
        }
    }

    private void assertHandshakeStatus(String query, int status) {
        assertThat(TestSocket.upgradeStatus(TestClient.wsUri(query), Map.of())).as("upgrade ?" + query).isEqualTo(status);
    }

}
