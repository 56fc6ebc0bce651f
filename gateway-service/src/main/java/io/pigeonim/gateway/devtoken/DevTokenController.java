package io.pigeonim.gateway.devtoken;

import java.util.Objects;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

import io.pigeonim.gateway.identity.Identity;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/dev/token}: exists only while {@code pigeon.gateway.dev-tokens.enabled} is true,
 * otherwise the path is an unknown route (404).
 */
@RestController
@ConditionalOnBooleanProperty("pigeon.gateway.dev-tokens.enabled")
class DevTokenController {

    private static final String EXPECTED_BODY = "(expected: {\"uid\":\"<uid>\",\"deviceId\":\"<deviceId>\"})";

    private final DevTokenIssuer issuer;

    DevTokenController(DevTokenIssuer issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    @PostMapping(path = "/api/v1/dev/token", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<DevTokenResponse> issue(@RequestBody Mono<DevTokenRequest> body) {
        return body
                .onErrorMap(ServerWebInputException.class,
                        error -> badRequest("body: not a JSON object " + EXPECTED_BODY))
                .switchIfEmpty(Mono.error(() -> badRequest("body: empty " + EXPECTED_BODY)))
                .map(request -> issuer.issue(identityOf(request)));
    }

    private static Identity identityOf(DevTokenRequest request) {
        try {
            return new Identity(request.uid(), request.deviceId());
        } catch (IllegalArgumentException invalid) {
            throw badRequest(invalid.getMessage());
        }
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
