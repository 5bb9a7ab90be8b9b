package org.rlstenancy.core;

/**
 * Raised for a tenant id that is malformed or of the wrong type; no SQL has been sent. The message is
 * {@code "Tenant id " + problem() + detail}, where the detail may show the offending value (quoted, shortened,
 * with invisible characters escaped); {@link #problem()} never holds any of it.
 */
public class InvalidTenantIdException extends RlsTenancyException {
    private static final long serialVersionUID = 1L;

    /** What is wrong, holding none of the value; see {@link #problem()}. */
    private final String problem;

    /**
     * An exception for {@code problem}.
     *
     * @param problem what is wrong, holding none of the value, such as {@code "is not a decimal integer"}
     * @param detail what follows it in the message, such as {@code ": '12abc'"}, or {@code ""}
     */
    public InvalidTenantIdException(String problem, String detail) {
        super("Tenant id " + problem + detail);
        this.problem = problem;
    }

    /**
     * An exception for {@code problem}, caused by {@code cause}.
     *
     * @param problem what is wrong, holding none of the value, such as {@code "is out of the range of a bigint"}
     * @param detail what follows it in the message, such as {@code ": '12abc'"}, or {@code ""}
     * @param cause the exception the parsing of the value threw
     */
    public InvalidTenantIdException(String problem, String detail, Throwable cause) {
        super("Tenant id " + problem + detail, cause);
        this.problem = problem;
    }

    /**
     * What is wrong with the tenant id, in words that hold none of its value, such as {@code "is empty"} or
     * {@code "contains a control character"}: fit to answer the client that sent it.
     *
     * @return the problem, without the value
     */
    public String problem() {
        return problem;
    }
}
