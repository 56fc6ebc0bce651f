/** CPU seconds and resident memory of the stack's processes (and the bench's own) over a measured window, from /proc. */
package io.pigeonim.bench.resource;
