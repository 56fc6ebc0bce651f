/** What the gateway serves itself to browsers: the OpenAPI document, pigeon.js, the API viewer, the demo page. */
package io.pigeonim.gateway.site;
