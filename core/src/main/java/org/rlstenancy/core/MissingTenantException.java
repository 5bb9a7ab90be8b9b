package org.rlstenancy.core;

/** Raised when work that needs a tenant runs with none bound; no SQL has been sent. */
public class MissingTenantException extends RlsTenancyException {
    private static final long serialVersionUID = 1L;

    /** @param message what needed a tenant, and how to bind one */
    public MissingTenantException(String message) {
        super(message);
    }
}
