/** Every error the gateway answers itself, as RFC 9457 problem+json with a PROTOCOL.md {@code code}. */
package io.pigeonim.gateway.web;
