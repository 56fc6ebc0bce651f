/** Wiring: the pigeon.gateway properties and the beans of every feature package. */
package io.pigeonim.gateway.config;
