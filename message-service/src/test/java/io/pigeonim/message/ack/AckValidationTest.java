package io.pigeonim.message.ack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.common.web.ApiException;
import org.junit.jupiter.api.Test;

class AckValidationTest {

    @Test
    void mergesRepeatedConversationsByTheHighestSeq() {
        Map<String, Long> merged = AckValidation.wellFormed(new AckRequest("b", "d1", List.of(
                new AckEntry("p:a:b", 3L), new AckEntry("g:team", 1L), new AckEntry("p:a:b", 9L), new AckEntry("p:a:b", 4L))));

        assertThat(merged).containsExactly(Map.entry("p:a:b", 9L), Map.entry("g:team", 1L));
    }

    @Test
    void refusesAnyMalformedEntryAsBadFrame() {
        for (AckRequest bad : List.of(
                new AckRequest("b c", "d1", List.of(new AckEntry("p:a:b", 1L))),
                new AckRequest("b", null, List.of(new AckEntry("p:a:b", 1L))),
                new AckRequest("b", "d1", List.of()),
                new AckRequest("b", "d1", null),
                new AckRequest("b", "d1", Arrays.asList(new AckEntry("p:a:b", 1L), null)),
                new AckRequest("b", "d1", List.of(new AckEntry("p:a:b", 1L), new AckEntry("p:b:a", 1L))),
                new AckRequest("b", "d1", List.of(new AckEntry("p:a:b", null))),
                new AckRequest("b", "d1", List.of(new AckEntry("p:a:b", -1L))),
                new AckRequest("b", "d1", List.of(new AckEntry("p:a:b", 1L << 53))))) {
            assertThatThrownBy(() -> AckValidation.wellFormed(bad)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME));
        }
    }

    @Test
    void deliveredGoesToThePeerOfOneToOneConversationsOnly() {
        List<PushRequest.Push> pushes = AckController.delivered("b", List.of(new AckEntry("p:a:b", 7L),
                new AckEntry("g:team", 3L), new AckEntry("p:b:c", 2L)));

        assertThat(pushes).containsExactly(
                new PushRequest.Push(List.of("a"), new ServerFrame.Delivered("p:a:b", 7, "b", false)),
                new PushRequest.Push(List.of("c"), new ServerFrame.Delivered("p:b:c", 2, "b", false)));
    }
}
