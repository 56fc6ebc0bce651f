/** Cross-origin calls from browsers (PROTOCOL.md §6): preflights answered before any token check. */
package io.pigeonim.gateway.cors;
