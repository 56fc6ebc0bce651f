/** The persistence hook: what a device keeps across an app restart, in memory or in a file. */
package io.pigeonim.client.store;
