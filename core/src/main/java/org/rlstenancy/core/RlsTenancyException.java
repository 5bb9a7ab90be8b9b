package org.rlstenancy.core;

/** Base type of the unchecked exceptions this library raises before any SQL runs. */
public class RlsTenancyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RlsTenancyException(String message) {
        super(message);
    }

    public RlsTenancyException(String message, Throwable cause) {
        super(message, cause);
    }
}
