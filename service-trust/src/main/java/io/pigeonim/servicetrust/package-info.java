/** The trust boundary as every service wires it: its ServiceTrust credential and, in servlet services, TrustFilter first. */
package io.pigeonim.servicetrust;
