/** The API: validate a batch of allocations, hand out seq ranges, rebuild counters above the durable mark. */
package io.pigeonim.seq.allocation;
