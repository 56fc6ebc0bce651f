package io.pigeonim.connector.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.pigeonim.common.limit.TokenBucket;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final long MB = 1024 * 1024;

    @Test
    void refusesAtTheConnectionBudgetAndAdmitsAgainBelowIt() {
        AtomicInteger open = new AtomicInteger(2);
        Admission admission = admission(open::get, 3, 0.85, () -> null);

        assertThat(admission.admit()).isEqualTo(Admission.Verdict.ADMIT);
        open.set(3);
        assertThat(admission.admit()).isEqualTo(Admission.Verdict.CONNECTIONS);
        assertThat(admission.budget()).isEqualTo(Admission.Verdict.CONNECTIONS);
        open.set(2);
        assertThat(admission.admit()).isEqualTo(Admission.Verdict.ADMIT);
    }

    @Test
    void refusesWhileTheLiveOldGenerationIsAboveItsShare() {
        AtomicReference<MemoryUsage> live = new AtomicReference<>(new MemoryUsage(0, 80 * MB, 100 * MB, 100 * MB));
        Admission admission = admission(() -> 0, 1000, 0.85, live::get);
        assertThat(admission.admit()).isEqualTo(Admission.Verdict.ADMIT);

        live.set(new MemoryUsage(0, 90 * MB, 100 * MB, 100 * MB));
        assertThat(admission.admit()).isEqualTo(Admission.Verdict.MEMORY);
        assertThat(admission(() -> 0, 1000, 1.0, live::get).admit()).as("share 1: no heap check")
                .isEqualTo(Admission.Verdict.ADMIT);
    }

    @Test
    void pacesAStormOfUpgradesWithoutCallingTheInstanceFull() {
        AtomicLong now = new AtomicLong();
        Admission admission = new Admission(() -> 0, 1000, 0.85, () -> null, new TokenBucket(10, 3, 0), now::get);

        assertThat(List.of(admission.admit(), admission.admit(), admission.admit(), admission.admit()))
                .containsExactly(Admission.Verdict.ADMIT, Admission.Verdict.ADMIT, Admission.Verdict.ADMIT,
                        Admission.Verdict.RATE);
        assertThat(admission.budget()).as("readiness is not about the rate").isEqualTo(Admission.Verdict.ADMIT);
        now.set(100_000_000L);
        assertThat(admission.admit()).as("a tenth of a second later, one more of 10/s").isEqualTo(Admission.Verdict.ADMIT);
        assertThat(admission.admit()).isEqualTo(Admission.Verdict.RATE);
    }

    private static Admission admission(java.util.function.IntSupplier open, int max, double share,
            java.util.function.Supplier<MemoryUsage> live) {
        return new Admission(open, max, share, live, new TokenBucket(1e9, 1e9, 0), () -> 0);
    }

    @Test
    void derivesTheBudgetFromTheHeap() {
        assertThat(Admission.budgetFor(384 * MB, 64 * MB, 96 * 1024)).isEqualTo(3413);
        assertThat(Admission.budgetFor(64 * MB, 64 * MB, 96 * 1024)).as("never below 100").isEqualTo(100);
    }

    @Test
    void theOpenFileLimitCapsTheBudget() {
        assertThat(Admission.budgetForFiles(20_000, 512)).isEqualTo(19_488);
        assertThat(Admission.budgetForFiles(0, 512)).as("no limit known").isEqualTo(Integer.MAX_VALUE);
        assertThat(Admission.budgetForFiles(300, 512)).as("never below 100").isEqualTo(100);
        assertThat(Admission.maxFileDescriptors()).as("this JVM's limit, on Linux").isPositive();
    }

    @Test
    void findsTheOldGenerationOfThisJvm() {
        assertThat(Admission.oldGenerationAfterGc()).isNotNull();
    }
}
