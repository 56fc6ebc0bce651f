/** offline-service: the REST side of delivery — sync summary, paged pull across conversations, history. */
package io.pigeonim.offline;
