package io.pigeonim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pigeonim.client.store.InMemoryClientStore;

/**
 * A device whose upgrade is refused with 503 and {@code Retry-After} (a connector pacing a reconnect storm) comes back
 * when the server said, not at its own backoff: the server promised it that second (docs/protocol.md).
 */
class UpgradeRefusalTest {

    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void aRefusedDeviceComesBackWhenTheServerSaidAndNotBefore(HttpStack stack) throws Exception {
        try (StandInGateway gateway = StandInGateway.withServer()) {
            gateway.refuseUpgrades(2, 1);
            List<ConnectionState> states = new CopyOnWriteArrayList<>();
            long start = System.nanoTime();
            PigeonClient client = PigeonClient.builder(gateway.uri(), "ann", "phone")
                    .network(stack.network())
                    .store(new InMemoryClientStore())
                    // a backoff this short would have tried dozens of times in the two seconds asked for
                    .options(ClientOptions.defaults().withReconnect(Duration.ofMillis(20), Duration.ofMillis(200)))
                    .listener(new PigeonListener() {
                        @Override
                        public void onConnectionState(ConnectionState state) {
                            states.add(state);
                        }
                    })
                    .start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (!states.contains(ConnectionState.ONLINE) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(states).contains(ConnectionState.ONLINE);
                assertThat(seconds).as("two refusals of Retry-After: 1, each waited").isBetween(2.0, 6.0);
                assertThat(gateway.upgrades()).as("one upgrade per refusal, then the one admitted").isEqualTo(3);
            } finally {
                client.close();
            }
        }
    }
}
