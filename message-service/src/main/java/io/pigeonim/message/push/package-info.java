/** Pushes server frames to the connector instances where the users' devices are connected (routes in Redis). */
package io.pigeonim.message.push;
