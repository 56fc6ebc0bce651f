/** JWT verification at the edge: extracts the token, verifies it once, rejects with 401 before routing. */
package io.pigeonim.gateway.auth;
