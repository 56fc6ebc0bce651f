/** What every endpoint shares: the caller's identity, query parameter rules and the problem+json error model. */
package io.pigeonim.offline.api;
