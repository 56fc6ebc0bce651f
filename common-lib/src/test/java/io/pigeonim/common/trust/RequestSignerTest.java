package io.pigeonim.common.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RequestSignerTest {

    private static final String KEY = "k1:0123456789abcdef0123456789abcdef";
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
    private static final byte[] BODY = "{\"uid\":\"bob\"}".getBytes(StandardCharsets.UTF_8);

    private final TrustKeys keys = TrustKeys.parse(KEY);
    private final RequestSigner signer = new RequestSigner(keys, NOW, RequestSigner.DEFAULT_TTL);
    private final RequestVerifier verifier = new RequestVerifier(keys, NOW);

    @Test
    void anAssertionVerifiesForItsIdentityAndRequestOnly() {
        String assertion = signer.assertIdentity("alice", "d1", "GET", "/ws");

        assertThatCode(() -> verifier.verifyIdentity("alice", "d1", assertion, "GET", "/ws")).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verifyIdentity("bob", "d1", assertion, "GET", "/ws"))
                .isInstanceOf(TrustException.class).hasMessageContaining("bad signature");
        assertThatThrownBy(() -> verifier.verifyIdentity("alice", "d2", assertion, "GET", "/ws"))
                .isInstanceOf(TrustException.class);
        assertThatThrownBy(() -> verifier.verifyIdentity("alice", "d1", assertion, "POST", "/ws"))
                .isInstanceOf(TrustException.class);
        assertThatThrownBy(() -> verifier.verifyIdentity("alice", "d1", assertion, "GET", "/api/v1/groups"))
                .isInstanceOf(TrustException.class);
    }

    @Test
    void headersWithoutAnAssertionAreRefused() {
        assertThatThrownBy(() -> verifier.verifyIdentity("alice", "d1", null, "GET", "/ws"))
                .isInstanceOf(TrustException.class).hasMessageContaining("no verified identity");
        assertThatThrownBy(() -> verifier.verifyIdentity("alice", "d1", "k1.1.AAAA", "GET", "/ws"))
                .isInstanceOf(TrustException.class);
    }

    @Test
    void anAssertionExpires() {
        String assertion = signer.assertIdentity("alice", "d1", "GET", "/ws");
        RequestVerifier later = new RequestVerifier(keys, Clock.offset(NOW, RequestSigner.DEFAULT_TTL.plusSeconds(6)));

        assertThatThrownBy(() -> later.verifyIdentity("alice", "d1", assertion, "GET", "/ws"))
                .isInstanceOf(TrustException.class).hasMessageContaining("expired");
    }

    @Test
    void aServiceCredentialCoversTheBody() {
        String token = signer.serviceToken("connector-service", "POST", "/internal/v1/acks/batch", BODY);

        assertThat(verifier.verifyService(token, "POST", "/internal/v1/acks/batch", BODY)).isEqualTo("connector-service");
        byte[] edited = "{\"uid\":\"eve\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier.verifyService(token, "POST", "/internal/v1/acks/batch", edited))
                .isInstanceOf(TrustException.class).hasMessageContaining("bad signature");
        assertThatThrownBy(() -> verifier.verifyService(token, "POST", "/internal/v1/push", BODY))
                .isInstanceOf(TrustException.class);
        assertThatThrownBy(() -> verifier.verifyService(null, "POST", "/internal/v1/push", BODY))
                .isInstanceOf(TrustException.class).hasMessageContaining("no service credential");
    }

    @Test
    void anIdentityAssertionIsNoServiceCredential() {
        String assertion = signer.assertIdentity("alice", "d1", "POST", "/internal/v1/acks");

        assertThatThrownBy(() -> verifier.verifyService(assertion, "POST", "/internal/v1/acks", BODY))
                .isInstanceOf(TrustException.class);
    }

    @Test
    void rotationVerifiesWithTheOldKeyAndSignsWithTheNew() {
        String byOld = signer.serviceToken("seq-service", "POST", "/internal/v1/seqs", BODY);
        TrustKeys rotated = TrustKeys.parse("k2:fedcba9876543210fedcba9876543210, " + KEY);
        RequestSigner newSigner = new RequestSigner(rotated, NOW, RequestSigner.DEFAULT_TTL);

        assertThat(new RequestVerifier(rotated, NOW).verifyService(byOld, "POST", "/internal/v1/seqs", BODY))
                .isEqualTo("seq-service");
        assertThat(newSigner.serviceToken("seq-service", "POST", "/p", BODY)).contains(".k2.");
        String byNew = newSigner.serviceToken("seq-service", "POST", "/internal/v1/seqs", BODY);
        assertThatThrownBy(() -> verifier.verifyService(byNew, "POST", "/internal/v1/seqs", BODY))
                .isInstanceOf(TrustException.class).hasMessageContaining("unknown key id");
    }

    @Test
    void keysAreCheckedWhenParsed() {
        assertThatThrownBy(() -> TrustKeys.parse("k1:short")).hasMessageContaining("at least 32");
        assertThatThrownBy(() -> TrustKeys.parse("no-colon")).hasMessageContaining("kid:secret");
        assertThat(TrustKeys.parse(TrustKeys.DEVELOPMENT_SPEC).development()).isTrue();
        assertThat(keys.development()).isFalse();
    }
}
