/**
 * {@code ./pigeon chaos} (issue 13): client-SDK devices under steady traffic while each process of the local stack is
 * killed with SIGKILL and restarted, and a checker of loss, duplicates, order and the stall per fault.
 */
package io.pigeonim.bench.chaos;
