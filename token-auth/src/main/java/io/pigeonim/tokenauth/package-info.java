/**
 * Verifying clients' JWTs (PROTOCOL.md §1): HS256 with a shared secret or a JWKS, Pigeon's claims ({@code sub} a
 * uid, {@code did} a deviceId, {@code exp} required), and a 401 that says why. One home for the gateway and for a
 * connector that devices reach straight from the load balancer (ADR 0017).
 */
package io.pigeonim.tokenauth;
