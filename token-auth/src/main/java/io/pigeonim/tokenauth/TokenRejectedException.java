package io.pigeonim.tokenauth;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A request without a valid token: answered 401 with a {@code WWW-Authenticate: Bearer} challenge. */
public final class TokenRejectedException extends ResponseStatusException {

    private final RejectionReason reason;

    public TokenRejectedException(RejectionReason reason, String detail) {
        super(HttpStatus.UNAUTHORIZED, detail);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }

    @Override
    public HttpHeaders getHeaders() {
        HttpHeaders headers = new HttpHeaders();
        // RFC 6750 §3: no error attribute when the request carried no token at all
        headers.set(HttpHeaders.WWW_AUTHENTICATE,
                reason == RejectionReason.MISSING ? "Bearer" : "Bearer error=\"invalid_token\"");
        return headers;
    }
}
