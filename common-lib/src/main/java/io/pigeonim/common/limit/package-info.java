/** Rate limits shared by the services: token buckets per key. */
package io.pigeonim.common.limit;
