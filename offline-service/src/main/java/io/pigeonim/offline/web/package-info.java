/** The REST side of offline-service: every error as an RFC 9457 problem with a PROTOCOL.md code ({@code ProblemAdvice}). */
package io.pigeonim.offline.web;
