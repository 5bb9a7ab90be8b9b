package org.rlstenancy.sample.api;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.stream.Collectors;

/** What {@link ApiErrors} reads from a JSON error of Jackson 2 (Spring Boot 3.5). */
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

    /**
     * The dotted path of the field the error is about; empty when none. Jackson 2 gives a path with mapping errors
     * only; for a number out of range, the parser still knows the field it was reading.
     */
    static String field(Throwable cause) {
        if (cause instanceof JsonMappingException jackson) {
            return jackson.getPath().stream().map(reference -> reference.getFieldName()).filter(name -> name != null)
                    .collect(Collectors.joining("."));
        }
        if (cause instanceof InputCoercionException coercion && coercion.getProcessor() != null
                && coercion.getProcessor().getParsingContext().getCurrentName() != null) {
            return coercion.getProcessor().getParsingContext().getCurrentName();
        }
        return "";
    }
}
