package org.rlstenancy.sample.api;

/** 404: no such object for this tenant, whether it never existed or belongs to another tenant. */
class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
        super(message);
    }
}
