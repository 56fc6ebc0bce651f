/** message-service → connector-service: {@code POST /internal/v1/push}. */
package io.pigeonim.common.push;
