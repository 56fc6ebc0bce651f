/** Who is connected where: the Redis route registry and this instance's liveness key. */
package io.pigeonim.connector.route;
