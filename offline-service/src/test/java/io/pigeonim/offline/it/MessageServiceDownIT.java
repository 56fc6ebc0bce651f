package io.pigeonim.offline.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.offline.OfflineApplication;
import io.pigeonim.offline.it.Client.Answer;

/** With message-service unreachable an acknowledgement is 503 and the next page is not read: nothing is skipped. */
@SpringBootTest(classes = OfflineApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MessageServiceDownIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RunningService.STORE.database().register(registry);
        registry.add("pigeon.offline.message-url", () -> "http://127.0.0.1:1");
    }

    @Test
    void an_ack_that_cannot_be_recorded_is_503_and_the_same_page_comes_again() {
        String alice = RunningService.unique("alice");
        String ab = ConversationId.direct(alice, RunningService.unique("bob")).value();
        RunningService.STORE.messages(ab, 6);
        Client phone = new Client("http://127.0.0.1:" + port, alice, "phone");

        Answer first = phone.sync(3, null);
        Answer refused = phone.sync(3, first.body().path("next").asString());
        Answer rest = phone.post("/api/v1/sync/ack", "{\"acks\":[{\"conversationId\":\"" + ab + "\",\"seq\":3}]}");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.code()).isEqualTo("UNAVAILABLE");
        assertThat(rest.status()).isEqualTo(503);
        assertThat(RunningService.STORE.cursor(alice, "phone", ab)).isEqualTo(-1);
        assertThat(phone.sync(3, null).messageKeys()).isEqualTo(first.messageKeys());
    }
}
