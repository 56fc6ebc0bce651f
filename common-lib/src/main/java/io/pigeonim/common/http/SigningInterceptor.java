package io.pigeonim.common.http;

import java.io.IOException;
import java.util.Objects;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.common.trust.ServiceTrust;

/**
 * Adds this service's credential ({@code X-Pigeon-Service}) to every internal request: the method, the raw path
 * (without the query) and the SHA-256 of the exact body bytes sent, which the receiving {@code TrustFilter} verifies.
 */
final class SigningInterceptor implements ClientHttpRequestInterceptor {

    private final ServiceTrust trust;

    SigningInterceptor(ServiceTrust trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        request.getHeaders().set(IdentityHeaders.SERVICE,
                trust.serviceToken(request.getMethod().name(), request.getURI().getRawPath(), body));
        return execution.execute(request, body);
    }
}
