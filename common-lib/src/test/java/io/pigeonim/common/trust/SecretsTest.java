package io.pigeonim.common.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void aDevelopmentSecretNeedsDevelopmentMode() {
        assertThatThrownBy(() -> Secrets.require("JWT_SECRET", "dev-only-x", false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("set JWT_SECRET");
        assertThat(Secrets.require("JWT_SECRET", "dev-only-x", true)).isEqualTo("dev-only-x");
        assertThat(Secrets.require("JWT_SECRET", "a-real-one", false)).isEqualTo("a-real-one");
        assertThatThrownBy(() -> Secrets.require("JWT_SECRET", " ", true)).hasMessageContaining("not set");
    }

    @Test
    void aServiceRefusesTheDevelopmentKeyOutsideDevelopmentMode() {
        Map<String, String> production = Map.of(ServiceTrust.KEYS_PROPERTY, TrustKeys.DEVELOPMENT_SPEC);
        assertThatThrownBy(() -> ServiceTrust.from(production::get, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(ServiceTrust.KEYS_VARIABLE);

        Map<String, String> local = Map.of(ServiceTrust.KEYS_PROPERTY, TrustKeys.DEVELOPMENT_SPEC,
                Secrets.DEVELOPMENT_MODE_PROPERTY, "true", "spring.application.name", "seq-service");
        assertThat(ServiceTrust.from(local::get, Clock.systemUTC()).caller()).isEqualTo("seq-service");
    }
}
