/**
 * Real Kafka, Redis and MySQL for integration tests, chosen in one place ({@link TestInfra}); stand-ins for the
 * internal endpoints; {@link TestSocket}, the one WebSocket client of the tests; {@link LoadSocket} and
 * {@link NioLoadSocket}, the load generators'.
 */
package io.pigeonim.testsupport;
