/** End-to-end scenarios: the running system, driven through the gateway only, as a client would. */
package io.pigeonim.e2e;
