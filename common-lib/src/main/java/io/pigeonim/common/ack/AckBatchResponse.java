package io.pigeonim.common.ack;

import java.util.List;

import io.pigeonim.common.frame.AckEntry;

/** One result per request of an {@link AckBatchRequest}, in the same order. */
public record AckBatchResponse(List<Result> results) {

    /**
     * Recorded ({@code acks} as durably recorded, as in {@link AckResponse}) or refused ({@code status},
     * {@code code} and {@code detail} as the problem the single call would have answered).
     */
    public record Result(List<AckEntry> acks, Integer status, String code, String detail) {

        public static Result recorded(List<AckEntry> acks) {
            return new Result(acks, null, null, null);
        }

        public static Result refused(int status, String code, String detail) {
            return new Result(null, status, code, detail);
        }

        public boolean isRecorded() {
            return acks != null;
        }
    }
}
