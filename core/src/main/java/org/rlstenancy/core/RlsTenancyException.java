package org.rlstenancy.core;

/** Base type of the unchecked exceptions this library raises before any SQL runs. */
public class RlsTenancyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, and what to do about it */
    public RlsTenancyException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, and what to do about it
     * @param cause the exception that caused it
     */
    public RlsTenancyException(String message, Throwable cause) {
        super(message, cause);
    }
}
