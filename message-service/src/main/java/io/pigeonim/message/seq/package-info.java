/** Client of seq-service: batched allocation of seq ranges per conversation. */
package io.pigeonim.message.seq;
