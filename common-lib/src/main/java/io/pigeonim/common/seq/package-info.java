/** message-service → seq-service: {@code POST /internal/v1/seqs} (docs/internal-contracts.md). */
package io.pigeonim.common.seq;
