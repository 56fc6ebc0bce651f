package io.pigeonim.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import io.pigeonim.testsupport.TestTokens;

/** Outside development mode the gateway refuses to start with a built-in (public) secret, and says which to set. */
class GatewaySecretsIT {

    private static final String REAL_KEY = "--pigeon.internal-keys=k1:a-real-internal-key-0123456789abcdef";

    @Test
    void theDevelopmentInternalKeyIsRefused() {
        assertThatThrownBy(() -> start("--pigeon.development-mode=false"))
                .hasStackTraceContaining("PIGEON_INTERNAL_KEYS holds the built-in development key");
    }

    @Test
    void theDevelopmentJwtSecretIsRefused() {
        assertThatThrownBy(() -> start("--pigeon.development-mode=false", REAL_KEY,
                "--pigeon.gateway.jwt.secret=dev-only-insecure-pigeon-jwt-secret-change-me"))
                .hasStackTraceContaining("JWT_SECRET is the built-in development secret");
    }

    @Test
    void jwksModeNeedsIssuerAndAudience() {
        assertThatThrownBy(() -> start("--pigeon.development-mode=false", REAL_KEY,
                "--pigeon.gateway.jwt.jwks-url=https://idp.example/jwks", "--pigeon.gateway.jwt.secret=" + TestTokens.SECRET))
                .hasStackTraceContaining("JWT_ISSUER and JWT_AUDIENCE");
    }

    private static void start(String... args) {
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server.port=0";
        new SpringApplicationBuilder(GatewayApplication.class).run(all).close();
    }
}
