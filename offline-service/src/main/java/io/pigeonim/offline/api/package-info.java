/** What every endpoint shares: the caller's identity, query parameter rules, the message object and the problem+json error model. */
package io.pigeonim.offline.api;
