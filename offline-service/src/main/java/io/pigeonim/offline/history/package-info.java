/** History and gap filling of one conversation, members only; never moves a cursor. */
package io.pigeonim.offline.history;
