package io.pigeonim.gateway.identity;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentityTest {

    @Test
    void invalidIdsAreRefusedNamingValueAndExpectation() {
        assertThatThrownBy(() -> new Identity("al ice", "d1"))
                .hasMessage("uid: \"al ice\" (expected: [A-Za-z0-9_.-]{1,64})");
        assertThatThrownBy(() -> new Identity("alice", null))
                .hasMessage("deviceId: null (expected: [A-Za-z0-9_.-]{1,64})");
    }
}
