/** The gateway-service: the only thing clients reach; authentication, identity headers and routing. */
package io.pigeonim.gateway;
