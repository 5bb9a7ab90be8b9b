package org.rlstenancy.sample.api;

import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;

/** What {@link ApiErrors} reads from a JSON error of Jackson 3 (Spring Boot 4). */
final class JsonErrors {
    private JsonErrors() {
    }

    /** Whether the body broke a limit of the parser, such as its length. */
    static boolean overLimit(Throwable cause) {
        return cause instanceof StreamConstraintsException;
    }

    /** The Java type a field's value should have converted to, or null when the error is not of that kind. */
    static Class<?> targetType(Throwable cause) {
        return cause instanceof MismatchedInputException mismatch ? mismatch.getTargetType()
                : cause instanceof InputCoercionException coercion ? coercion.getTargetType() : null;
    }

    /** The dotted path of the field the error is about; empty when none. */
    static String field(Throwable cause) {
        return cause instanceof JacksonException jackson ? jackson.getPath().stream()
                .map(reference -> reference.getPropertyName()).filter(name -> name != null)
                .collect(Collectors.joining(".")) : "";
    }
}
