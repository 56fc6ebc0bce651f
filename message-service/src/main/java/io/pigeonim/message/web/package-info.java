/** REST error answers: RFC 9457 problem details with a {@code code}. */
package io.pigeonim.message.web;
