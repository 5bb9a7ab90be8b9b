package org.rlstenancy.core;

/**
 * Raised for a tenant id that is malformed or of the wrong type; no SQL has been sent. The message is
 * {@code "Tenant id " + problem() + detail}, where the detail may show the offending value (quoted, shortened,
 * with invisible characters escaped); {@link #problem()} never holds any of it.
 */
public class InvalidTenantIdException extends RlsTenancyException {
    private static final long serialVersionUID = 1L;

    private final String problem;

    /**
     * @param problem what is wrong, holding none of the value, such as {@code "is not a decimal integer"}
     * @param detail what follows it in the message, such as {@code ": '12abc'"}, or {@code ""}
     */
    public InvalidTenantIdException(String problem, String detail) {
        super("Tenant id " + problem + detail);
        this.problem = problem;
    }

    public InvalidTenantIdException(String problem, String detail, Throwable cause) {
        super("Tenant id " + problem + detail, cause);
        this.problem = problem;
    }

    /**
     * What is wrong with the tenant id, in words that hold none of its value, such as {@code "is empty"} or
     * {@code "contains a control character"}: fit to answer the client that sent it.
     */
    public String problem() {
        return problem;
    }
}
