package org.rlstenancy.sample.api;

import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;

/**
 * Errors as {@code {"error": "..."}} with the status that fits. A row that is not there, or is another tenant's, is
 * left to the starter: one 404 problem detail for both, naming no id.
 */
@RestControllerAdvice
class ApiErrors {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final long maxBodyBytes;

    ApiErrors(@Value("${spring.jackson.factory.constraints.read.max-document-length}") long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<Map<String, String>> badRequest(BadRequestException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** Each field's problem after its name, as {@link TextRules} words them. */
    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Map<String, String>> invalid(MethodArgumentNotValidException e) {
        return error(HttpStatus.BAD_REQUEST, e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + " " + error.getDefaultMessage()).sorted()
                .collect(Collectors.joining("; ")));
    }

    /** Not JSON, not an object of the expected fields, a field of the wrong JSON type, or too long a body. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (JsonErrors.overLimit(cause)) {
            return error(HttpStatusCode.valueOf(413), "the request body exceeds the API's limits (at most "
                    + maxBodyBytes + " bytes)");
        }
        Class<?> target = JsonErrors.targetType(cause);
        String expected = target == null ? null : expected(target);
        String field = JsonErrors.field(cause);
        if (expected != null && !field.isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, field + " must be " + expected);
        }
        return error(HttpStatus.BAD_REQUEST, "the request body is not valid JSON of the expected shape");
    }

    /**
     * A value the database refused that validation let through: 400, saying nothing of the table, the constraint or
     * other rows. No unique key of tenant data can be violated from the API (ids are generated), so this cannot tell
     * a tenant that another tenant's row exists.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Map<String, String>> refused(DataIntegrityViolationException e) {
        log.warn("The database refused a request's data: {}", e.getMostSpecificCause().getMessage());
        return error(HttpStatus.BAD_REQUEST, "the database refused a value in the request");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, String>> mismatch(MethodArgumentTypeMismatchException e) {
        return error(HttpStatus.BAD_REQUEST, e.getName() + " must be a number");
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Map<String, String>> status(ResponseStatusException e) {
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        return error(status, e.getReason() != null ? e.getReason() : status.getReasonPhrase());
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        } else if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        } else if (type == Long.class || type == long.class) {
            return "an integer";
        }
        return null;
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatusCode status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }
}
