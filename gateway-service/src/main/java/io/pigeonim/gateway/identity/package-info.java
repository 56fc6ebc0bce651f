/** Who a request comes from: the verified uid and deviceId, and the headers that carry them upstream. */
package io.pigeonim.gateway.identity;
