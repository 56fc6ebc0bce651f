/** Development tokens: POST /api/v1/dev/token signs a JWT for any uid and device, only while enabled. */
package io.pigeonim.gateway.devtoken;
