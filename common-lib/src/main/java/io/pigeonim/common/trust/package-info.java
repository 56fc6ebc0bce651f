/** Verifiable identity behind the gateway: signed identity assertions, service credentials, secrets checks. */
package io.pigeonim.common.trust;
