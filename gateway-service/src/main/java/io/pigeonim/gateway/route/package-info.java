/** What reaches the services behind: the WebSocket proxy and the block on internal paths (routes are in application.yml). */
package io.pigeonim.gateway.route;
