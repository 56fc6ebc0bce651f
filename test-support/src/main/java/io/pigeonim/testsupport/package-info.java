/** Real Kafka, Redis and MySQL for integration tests, chosen in one place ({@link TestInfra}). */
package io.pigeonim.testsupport;
