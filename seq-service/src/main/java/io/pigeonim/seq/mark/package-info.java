/** The durable side: each conversation's high-water mark in MySQL, raised ahead in blocks. */
package io.pigeonim.seq.mark;
