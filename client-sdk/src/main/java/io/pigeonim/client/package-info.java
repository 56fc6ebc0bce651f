/** The Pigeon client SDK: {@link io.pigeonim.client.PigeonClient}, its listener and the reliable send and receive logic behind it. */
package io.pigeonim.client;
