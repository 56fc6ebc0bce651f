package io.pigeonim.bench.connections;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionsBenchTest {

    @Test
    void sumsTheHeapGenerationsOfAHeapInfoAnswerWithoutMetaspace() {
        String serial = """
                12345:
                 def new generation   total 9792K, used 1234K [0x00000000e0000000, 0x00000000e0aa0000)
                  eden space 8704K,  14% used [0x00000000e0000000, 0x00000000e0134800, 0x00000000e0880000)
                 tenured generation   total 21888K, used 10000K [0x00000000eaaa0000, 0x00000000ec000000)
                 Metaspace       used 60000K, committed 61000K, reserved 1114112K
                  class space    used 7000K, committed 7500K, reserved 1048576K
                """;

        assertThat(ConnectionsBench.heapUsed(serial)).isEqualTo((1234 + 10000) * 1024L);
        assertThat(ConnectionsBench.heapUsed("")).isZero();
    }
}
