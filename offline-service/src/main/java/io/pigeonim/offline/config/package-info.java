/** Wiring: the configuration record, beans the feature packages need, MVC and OpenAPI set-up. */
package io.pigeonim.offline.config;
