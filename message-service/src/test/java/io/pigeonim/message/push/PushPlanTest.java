package io.pigeonim.message.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.push.PushRequest;
import org.junit.jupiter.api.Test;

class PushPlanTest {

    private static final ServerFrame M1 = new StoredMessage("m1", "p:a:b", 1, "a", "c1", "text", "x", 1).frame();
    private static final ServerFrame D1 = new ServerFrame.Delivered("p:a:b", 1, "b", true);
    private static final ServerFrame M2 = new StoredMessage("m2", "p:a:c", 1, "a", "c2", "text", "y", 2).frame();

    @Test
    void narrowsEachPushToTheUsersOnlineAtEachConnectorKeepingOrder() {
        Routes routes = new Routes(Map.of("a", Set.of("http://x"), "b", Set.of("http://y"), "c", Set.of("http://x")));
        List<PushRequest.Push> pushes = List.of(new PushRequest.Push(List.of("a", "b"), M1),
                new PushRequest.Push(List.of("a"), D1), new PushRequest.Push(List.of("a", "c"), M2));

        Map<String, PushRequest> plan = PushPlan.perConnector(routes, pushes);

        assertThat(plan).containsOnlyKeys("http://x", "http://y");
        assertThat(plan.get("http://x").pushes()).containsExactly(new PushRequest.Push(List.of("a"), M1),
                new PushRequest.Push(List.of("a"), D1), new PushRequest.Push(List.of("a", "c"), M2));
        assertThat(plan.get("http://y").pushes()).containsExactly(new PushRequest.Push(List.of("b"), M1));
    }

    @Test
    void aUserOnTwoConnectorsGetsTheFrameOnBoth_offlineUsersNowhere() {
        Routes routes = new Routes(Map.of("a", Set.of("http://x", "http://y")));

        Map<String, PushRequest> plan = PushPlan.perConnector(routes, List.of(new PushRequest.Push(List.of("a", "b"), M1)));

        assertThat(plan).containsOnlyKeys("http://x", "http://y");
        assertThat(plan.values()).allSatisfy(request ->
                assertThat(request.pushes()).containsExactly(new PushRequest.Push(List.of("a"), M1)));
        assertThat(PushPlan.perConnector(new Routes(Map.of()), List.of(new PushRequest.Push(List.of("a"), M1)))).isEmpty();
    }
}
