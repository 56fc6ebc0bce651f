/** What a client can make the gateway do: plain paths only, bounded bodies, a REST rate per user. */
package io.pigeonim.gateway.limit;
