package io.pigeonim.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SaturationSearchTest {

    private final SaturationSearch search = new SaturationSearch(2, 10_000);

    @Test
    void goesUpByTheFactorWhileEveryRateKeepsUp() {
        search.add(new SaturationSearch.Probe(200, true));
        search.add(new SaturationSearch.Probe(500, true));

        assertThat(search.next()).hasValue(1000);
    }

    @Test
    void bisectsBetweenTheLastRateThatKeptUpAndTheFirstThatDidNotThenStops() {
        search.add(new SaturationSearch.Probe(1000, true));
        search.add(new SaturationSearch.Probe(4000, false));

        assertThat(search.next()).hasValue(2000);
        search.add(new SaturationSearch.Probe(2000, true));
        assertThat(search.next().getAsDouble()).isCloseTo(2828.4, org.assertj.core.data.Offset.offset(0.1));
        search.add(new SaturationSearch.Probe(2828, false));

        assertThat(search.next()).isEmpty();
        assertThat(search.highestKeptUp()).hasValue(2000);
        assertThat(search.stopReason()).contains("2828 msg/s did not keep up");
    }

    @Test
    void goesDownByTheFactorWhileNoRateKeepsUpAndARateAboveAFailureDoesNotCount() {
        search.add(new SaturationSearch.Probe(500, false));
        search.add(new SaturationSearch.Probe(1000, true));

        assertThat(search.highestKeptUp()).isEmpty();
        assertThat(search.next()).hasValue(250);
        search.add(new SaturationSearch.Probe(250, true));
        assertThat(search.next().getAsDouble()).isCloseTo(353.6, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void stopsGoingDownBelowOneMessageASecond() {
        search.add(new SaturationSearch.Probe(1.5, false));

        assertThat(search.next()).isEmpty();
        assertThat(search.stopReason()).contains("no rate kept up");
    }

    @Test
    void stopsAtTheMaximumRate() {
        search.add(new SaturationSearch.Probe(8000, true));

        assertThat(search.next()).isEmpty();
        assertThat(search.stopReason()).contains("--saturate-max");
    }
}
