package io.pigeonim.gateway.devtoken;

/** Answer of {@code POST /api/v1/dev/token}: the JWT and its lifetime in seconds. */
record DevTokenResponse(String token, long expiresIn) {
}
