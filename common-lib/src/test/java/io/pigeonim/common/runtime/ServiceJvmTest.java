package io.pigeonim.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class ServiceJvmTest {

    @Test
    void theCommonPoolGetsAtLeastTwoThreadsSoAsyncStepsDoNotEachStartAThread() {
        Properties small = new Properties();
        ServiceJvm.configure(small, 2);
        assertThat(small.getProperty(ServiceJvm.COMMON_POOL_PARALLELISM)).isEqualTo("2");

        Properties large = new Properties();
        ServiceJvm.configure(large, 16);
        assertThat(large.getProperty(ServiceJvm.COMMON_POOL_PARALLELISM)).isEqualTo("15");
    }

    @Test
    void anExplicitSettingIsKept() {
        Properties explicit = new Properties();
        explicit.setProperty(ServiceJvm.COMMON_POOL_PARALLELISM, "1");
        ServiceJvm.configure(explicit, 2);
        assertThat(explicit.getProperty(ServiceJvm.COMMON_POOL_PARALLELISM)).isEqualTo("1");
    }
}
