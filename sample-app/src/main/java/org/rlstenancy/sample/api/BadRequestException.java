package org.rlstenancy.sample.api;

/** 400 with a message saying what is wrong with the request. */
class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        super(message);
    }
}
