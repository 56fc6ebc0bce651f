package io.pigeonim.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pigeonim.client.transport.Network;
import io.pigeonim.client.transport.ServerApi;
import io.pigeonim.client.transport.ServerApi.SyncPage;
import io.pigeonim.client.transport.ServerApiException;
import io.pigeonim.client.transport.Transport;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;
import io.pigeonim.common.id.ConversationId;

/**
 * The REST half of each HTTP stack ({@code HttpServerApi}, {@code OkHttpServerApi}, dev tokens) against the stand-in
 * gateway over a real socket: the same pages, the same errors, the same {@code Retry-After}.
 */
class ServerApiOverHttpTest {

    private static final String ANN_BEN = ConversationId.direct("ann", "ben").value();

    private final StandInGateway gateway = StandInGateway.withServer();
    private final StandInPigeonServer server = gateway.server();

    @AfterEach
    void stop() throws IOException {
        gateway.close();
    }

    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void syncPagesThroughEveryMessageAndTheLastAckAnswersEmpty(HttpStack stack) {
        store("ann", ANN_BEN, 5);
        ServerApi api = stack.network().api(gateway.uri());

        List<MessageFrame> synced = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String ack = null;
        SyncPage page;
        do {
            page = api.sync("ben/phone", ack, 2).join();
            synced.addAll(page.messages());
            pageSizes.add(page.messages().size());
            ack = page.next();
        } while (ack != null);

        assertThat(pageSizes).containsExactly(2, 2, 1, 0);
        assertThat(page.hasMore()).isFalse();
        assertThat(synced).containsExactlyElementsOf(server.history(ANN_BEN));
        assertThat(server.cursor("ben/phone", ANN_BEN)).isEqualTo(server.history(ANN_BEN).get(4).seq());
        assertThat(api.summary("ben/phone").join()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void summaryListsWhatTheDeviceHasNotAcknowledged(HttpStack stack) {
        store("ann", ANN_BEN, 3);
        long last = server.history(ANN_BEN).get(2).seq();

        assertThat(stack.network().api(gateway.uri()).summary("ben/laptop").join())
                .containsExactly(new ServerApi.SummaryEntry(ANN_BEN, last, 0, 0));
    }

    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void historyPagesAfterASeqAndRefusesANonMemberWithItsProblemCode(HttpStack stack) {
        store("ann", ANN_BEN, 4);
        List<MessageFrame> all = server.history(ANN_BEN);
        ServerApi api = stack.network().api(gateway.uri());

        ServerApi.HistoryPage page = api.history("ben/phone", ANN_BEN, all.get(0).seq(), 2).join();
        assertThat(page.messages()).containsExactly(all.get(1), all.get(2));
        assertThat(page.hasMore()).isTrue();
        assertThat(api.history("ben/phone", ANN_BEN, all.get(2).seq(), 2).join().hasMore()).isFalse();

        ServerApiException refused = failure(api.history("eve/phone", ANN_BEN, 0, 2));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("FORBIDDEN");
        assertThat(refused.retriable()).isFalse();
        assertThat(refused.getMessage()).startsWith("GET /api/v1/conversations/" + ANN_BEN + "/messages?afterSeq=0&limit=2: HTTP 403");
    }

    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void aRateLimitCarriesItsRetryAfter(HttpStack stack) {
        gateway.answerNext(StandInGateway.problem(429, "RATE_LIMITED", "slow down", "3"));

        ServerApiException e = failure(stack.network().api(gateway.uri()).sync("ben/phone", "p:ann:ben=4", 50));

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.code()).isEqualTo("RATE_LIMITED");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).isEqualTo("GET /api/v1/sync?limit=50&ack=p%3Aann%3Aben%3D4: HTTP 429 RATE_LIMITED slow down");
    }

    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void anAnswerThatIsNoProblemKeepsItsBodyAsTheDetail(HttpStack stack) {
        gateway.answerNext(new StandInGateway.Canned(502, "text/plain", "upstream down", Map.of("Retry-After", "soon")));

        ServerApiException e = failure(stack.network().api(gateway.uri()).summary("ben/phone"));

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.code()).isNull();
        assertThat(e.retryAfter()).isNull();
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).isEqualTo("GET /api/v1/sync/summary: HTTP 502 null upstream down");
    }

    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void noAnswerAtAllIsStatusZeroAndRetriable(HttpStack stack) throws IOException {
        URI nobody;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = URI.create("http://127.0.0.1:" + free.getLocalPort());
        }

        ServerApiException e = failure(stack.network().api(nobody).summary("ben/phone"));

        assertThat(e.status()).isZero();
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).startsWith("GET /api/v1/sync/summary: ").contains("Connect");
    }

    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void devTokensArePostedAndARefusalIsAProblem(HttpStack stack) {
        Network network = stack.network();
        assertThat(network.devTokens(gateway.uri()).token("ann", "phone")).isEqualTo("ann/phone");

        gateway.answerNext(StandInGateway.problem(404, "NOT_FOUND", "dev tokens are off", null));
        assertThatThrownBy(() -> network.devTokens(gateway.uri()).token("ann", "phone"))
                .isInstanceOfSatisfying(ServerApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("NOT_FOUND");
                });
    }

    /** {@code count} messages from {@code uid} into the conversation, stored by the stand-in in order. */
    private void store(String uid, String conversationId, int count) {
        List<String> answers = new ArrayList<>();
        Transport.Connection c = server.connect(uid + "/seed", new Transport.Listener() {
            @Override
            public void onText(String text) {
                answers.add(text);
            }

            @Override
            public void onClosed(int code, String reason) {
            }
        }).join();
        for (int i = 1; i <= count; i++) {
            c.send(FrameCodec.encode(new ClientFrame.Send((long) i, "seed-" + i, conversationId, "text", "#" + i)));
        }
        c.abort();
        assertThat(server.history(conversationId)).hasSize(count);
    }

    private static ServerApiException failure(CompletableFuture<?> call) {
        try {
            call.get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ServerApiException.class);
            return (ServerApiException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("no answer in time", e);
        }
        throw new AssertionError("the call succeeded");
    }
}
