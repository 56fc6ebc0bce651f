/**
 * What every service's REST layer shares: {@link io.pigeonim.common.web.ApiException}, the refusal each service's
 * {@code web/ProblemAdvice} turns into an RFC 9457 problem with a PROTOCOL.md code.
 */
package io.pigeonim.common.web;
