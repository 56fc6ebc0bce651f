/** The benchmark's options: {@code --name value} on the command line, with defaults. */
package io.pigeonim.bench.config;
