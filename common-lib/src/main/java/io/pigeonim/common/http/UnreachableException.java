package io.pigeonim.common.http;

/** An internal call that got no answer: the connection was refused or broke, or the callee did not answer in time. */
public final class UnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
