package io.pigeonim.connector.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final long MB = 1024 * 1024;

    @Test
    void refusesAtTheConnectionBudgetAndAdmitsAgainBelowIt() {
        AtomicInteger open = new AtomicInteger(2);
        Admission admission = new Admission(open::get, 3, 0.85, () -> null);

        assertThat(admission.verdict()).isEqualTo(Admission.Verdict.ADMIT);
        open.set(3);
        assertThat(admission.verdict()).isEqualTo(Admission.Verdict.CONNECTIONS);
        open.set(2);
        assertThat(admission.verdict()).isEqualTo(Admission.Verdict.ADMIT);
    }

    @Test
    void refusesWhileTheLiveOldGenerationIsAboveItsShare() {
        AtomicReference<MemoryUsage> live = new AtomicReference<>(new MemoryUsage(0, 80 * MB, 100 * MB, 100 * MB));
        Admission admission = new Admission(() -> 0, 1000, 0.85, live::get);
        assertThat(admission.verdict()).isEqualTo(Admission.Verdict.ADMIT);

        live.set(new MemoryUsage(0, 90 * MB, 100 * MB, 100 * MB));
        assertThat(admission.verdict()).isEqualTo(Admission.Verdict.MEMORY);
        assertThat(new Admission(() -> 0, 1000, 1.0, live::get).verdict()).as("share 1: no heap check")
                .isEqualTo(Admission.Verdict.ADMIT);
    }

    @Test
    void derivesTheBudgetFromTheHeap() {
        assertThat(Admission.budgetFor(384 * MB, 64 * MB, 96 * 1024)).isEqualTo(3413);
        assertThat(Admission.budgetFor(64 * MB, 64 * MB, 96 * 1024)).as("never below 100").isEqualTo(100);
    }

    @Test
    void findsTheOldGenerationOfThisJvm() {
        assertThat(Admission.oldGenerationAfterGc()).isNotNull();
    }
}
