package org.rlstenancy.core;

/** Raised for a tenant id that is malformed or of the wrong type; no SQL has been sent. */
public class InvalidTenantIdException extends RlsTenancyException {
    private static final long serialVersionUID = 1L;

    public InvalidTenantIdException(String message) {
        super(message);
    }

    public InvalidTenantIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
