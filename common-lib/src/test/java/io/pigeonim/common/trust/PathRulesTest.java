package io.pigeonim.common.trust;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathRulesTest {

    @Test
    void plainPathsPass() {
        assertThat(PathRules.isPlain("/api/v1/conversations/p%3Aalice%3Abob/messages")).isTrue();
        assertThat(PathRules.isPlain("/api/v1/groups/g1/members/bob.2")).isTrue();
        assertThat(PathRules.isPlain("/ws")).isTrue();
    }

    @Test
    void pathTricksAreRefused() {
        assertThat(PathRules.isPlain("/api/v1/groups/../../internal/v1/acks")).isFalse();
        assertThat(PathRules.isPlain("/api/v1/groups/%2e%2e/x")).isFalse();
        assertThat(PathRules.isPlain("/api/v1/groups/%2E./x")).isFalse();
        assertThat(PathRules.isPlain("/internal;x=1/v1/acks")).isFalse();
        assertThat(PathRules.isPlain("/api/v1/groups;/x")).isFalse();
        assertThat(PathRules.isPlain("/api//v1")).isFalse();
        assertThat(PathRules.isPlain("/api/v1/groups/%2finternal")).isFalse();
        assertThat(PathRules.isPlain("/api/./v1")).isFalse();
        assertThat(PathRules.isPlain("api")).isFalse();
    }
}
