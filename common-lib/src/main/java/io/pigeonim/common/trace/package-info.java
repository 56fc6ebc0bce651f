/** Following one message across processes: trace context on internal HTTP calls, and the log context (MDC) keys. */
package io.pigeonim.common.trace;
