/** The REST side of the connector: its RFC 9457 answers ({@code ProblemAdvice}) for the internal push endpoint. */
package io.pigeonim.connector.web;
