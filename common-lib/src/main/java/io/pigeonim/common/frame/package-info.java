/** WebSocket frames of PROTOCOL.md §3, their validation, error codes and close codes. */
package io.pigeonim.common.frame;
