/**
 * Benchmarks run as programs (main), not as tests: uplink acceptance, push hop, idle connection memory; each starts
 * connector-service instances as separate JVMs from the built jar (connector-service/bench/run.sh).
 */
package io.pigeonim.connector.bench;
