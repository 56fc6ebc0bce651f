package io.pigeonim.seq.allocation;

/** A malformed allocation request (400 {@code BAD_REQUEST}). */
class BadRequestException extends RuntimeException {

    BadRequestException(String message) {
        super(message);
    }
}
