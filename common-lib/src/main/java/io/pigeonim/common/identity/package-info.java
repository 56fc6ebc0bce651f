/** How the gateway hands a verified identity to the services behind it. */
package io.pigeonim.common.identity;
