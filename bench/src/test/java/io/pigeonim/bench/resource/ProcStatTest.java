package io.pigeonim.bench.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void readsUtimePlusStimeAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 51234 0 12 0 1500 250 0 0 20 0 42 0 9999 "
                + "4000000000 90000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        assertThat(ProcStat.cpuTicks(stat)).isEqualTo(1750);
    }

    @Test
    void readsVmRssInBytes() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  350124 kB\nThreads:\t42\n";

        assertThat(ProcStat.rssBytes(status)).isEqualTo(350124L * 1024);
    }

    @Test
    void readsThisProcess() {
        long self = ProcessHandle.current().pid();

        assertThat(ProcStat.cpuTicks(self)).isPositive();
        assertThat(ProcStat.rssBytes(self)).isPositive();
        assertThat(ProcStat.cpuTicks(Long.MAX_VALUE)).as("no such process").isEqualTo(-1);
    }

    @Test
    void namesStackProcessesByTheRunnersMarkerOrTheirCommand() {
        assertThat(StackProcesses.nameOf("java\0-Dpigeon.process=connector-service-2\0-Xmx384m\0-jar\0x.jar\0", "java"))
                .isEqualTo("connector-service-2");
        assertThat(StackProcesses.nameOf("/usr/bin/redis-server 127.0.0.1:6379\0", "redis-server\n")).isEqualTo("redis");
        assertThat(StackProcesses.nameOf("/usr/sbin/mariadbd\0--user=mysql\0", "mariadbd\n")).isEqualTo("mysql");
        assertThat(StackProcesses.nameOf("bash\0", "bash\n")).isNull();
    }
}
