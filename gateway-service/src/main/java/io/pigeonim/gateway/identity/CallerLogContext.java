package io.pigeonim.gateway.identity;

import org.springframework.web.server.ServerWebExchange;

import io.pigeonim.common.trace.LogContext;

/**
 * Names an exchange's verified caller ({@code uid}, {@code deviceId}) in the log context of one log statement, as
 * the servlet services do for a whole request (docs/operations.md, Logs).
 *
 * @implNote Around the statement and not for the request: WebFlux moves a request between threads, so an MDC key
 *     put at the start would name the wrong request on the next thread. The caller is the token's, recorded by the
 *     authentication filter ({@link Identity#ATTRIBUTE}), never the identity headers a client may have sent.
 */
public final class CallerLogContext {

    private CallerLogContext() {
    }

    /** Runs {@code statement} (a log call) with the caller's ids in the MDC, if the exchange has a verified one. */
    public static void log(ServerWebExchange exchange, Runnable statement) {
        Identity caller = exchange.getAttribute(Identity.ATTRIBUTE);
        if (caller == null) {
            statement.run();
            return;
        }
        LogContext.device(caller.uid(), caller.deviceId());
        try {
            statement.run();
        } finally {
            LogContext.clear();
        }
    }
}
