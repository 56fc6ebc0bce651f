package io.pigeonim.bench.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsAreTheIssuesScenario() {
        BenchOptions o = BenchOptions.parse();

        assertThat(o.gateway()).hasToString("http://localhost:8080");
        assertThat(o.pairs()).isEqualTo(50);
        assertThat(o.rates()).containsExactly(200.0, 500.0, 1000.0, 2000.0);
        assertThat(o.groupRates()).isEqualTo(o.rates());
        assertThat(o.ackEvery()).isEqualTo(32);
        assertThat(o.ackInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(o.saturate()).isTrue();
        assertThat(o.baselines()).isTrue();
        assertThat(o.stackWarmup()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.stackWarmupRate()).isEqualTo(800.0);
        assertThat(BenchOptions.parse("--stack-warmup", "0").stackWarmup()).isZero();
    }

    @Test
    void readsNameValueAndNameEqualsValue() {
        BenchOptions o = BenchOptions.parse("--rates", "100,200", "--duration=10", "--saturate", "off",
                "--gateway", "http://127.0.0.1:18080/", "--scenarios", "pairs");

        assertThat(o.rates()).containsExactly(100.0, 200.0);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.saturate()).isFalse();
        assertThat(o.gateway()).hasToString("http://127.0.0.1:18080");
        assertThat(o.webSocket("t")).hasToString("ws://127.0.0.1:18080/ws?token=t");
        assertThat(o.scenarios()).isEqualTo(java.util.Set.of("pairs"));
    }

    @Test
    void refusesWhatItDoesNotKnowNamingTheValueAndTheExpectation() {
        assertThatThrownBy(() -> BenchOptions.parse("--rate", "100"))
                .hasMessageContaining("--rate: unknown option").hasMessageContaining("rates");
        assertThatThrownBy(() -> BenchOptions.parse("--pairs", "0")).hasMessage("--pairs: 0 (expected: an integer >= 1)");
        assertThatThrownBy(() -> BenchOptions.parse("--rates", "100,fast"))
                .hasMessage("--rates: \"fast\" (expected: a number)");
        assertThatThrownBy(() -> BenchOptions.parse("--baselines", "maybe")).hasMessageContaining("expected: on or off");
        assertThatThrownBy(() -> BenchOptions.parse("-Dbench.rates=1")).hasMessageContaining("expected: --name value");
    }

    @Test
    void usageListsEveryOption() {
        assertThat(BenchOptions.usage()).contains("--rates", "--ack-every", "--baselines", "--saturate")
                .doesNotContain(List.of("MYSQL_PASSWORD=").toString());
    }
}
