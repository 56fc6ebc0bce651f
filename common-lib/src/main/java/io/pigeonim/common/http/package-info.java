/**
 * The one client of every service-to-service HTTP call: base URL joining, JSON, problem+json, the service
 * credential, timeouts, Boot's observation and a bounded executor for the asynchronous calls.
 */
package io.pigeonim.common.http;
