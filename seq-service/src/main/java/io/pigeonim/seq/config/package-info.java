/** Wiring: the configuration record and the beans of every feature package. */
package io.pigeonim.seq.config;
