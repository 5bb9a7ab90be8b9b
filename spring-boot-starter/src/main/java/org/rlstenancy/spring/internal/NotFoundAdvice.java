package org.rlstenancy.spring.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.EntityNotFoundException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.orm.jpa.JpaObjectRetrievalFailureException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a row that is not there with 404, so that another tenant's id, which row-level security hides, looks
 * exactly like an id that never existed: {@link EntityNotFoundException} (such as from
 * {@code findById(id).orElseThrow(EntityNotFoundException::new)}, or a reference from {@code getReferenceById}),
 * {@link JpaObjectRetrievalFailureException} and {@link EmptyResultDataAccessException}. The body is the same
 * problem detail ({@code application/problem+json}) for every one of them; it names neither the id nor the path.
 *
 * <p>Ordered last: an exception handler of the application's own for these exceptions, or for a type above them
 * such as {@code Exception}, in a controller or in an advice, answers first. Off with
 * {@code rls.tenancy.not-found-advice=false}.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class NotFoundAdvice {
    /** 404 with the problem detail {@code {"type":"about:blank","title":"Not Found","status":404,"detail":…}}. */
    @ExceptionHandler({EntityNotFoundException.class, JpaObjectRetrievalFailureException.class,
            EmptyResultDataAccessException.class})
    public ResponseEntity<Map<String, Object>> notFound() {
        // A map, not a ProblemDetail: Spring MVC fills a ProblemDetail's instance with the request's path, which
        // holds the id.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", HttpStatus.NOT_FOUND.getReasonPhrase());
        body.put("status", HttpStatus.NOT_FOUND.value());
        body.put("detail", "The requested resource does not exist.");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
