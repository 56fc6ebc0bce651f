/** What every asynchronous caller shares: {@link io.pigeonim.common.async.Failures#unwrap}, the one way to reach the
 * failure a future wraps. */
package io.pigeonim.common.async;
