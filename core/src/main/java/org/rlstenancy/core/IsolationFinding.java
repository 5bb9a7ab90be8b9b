package org.rlstenancy.core;

/**
 * One problem {@link IsolationVerifier} found: how bad it is, the object (a role or a table), what is wrong and what
 * to do about it.
 */
public record IsolationFinding(Severity severity, String object, String problem, String fix) {
    /** ERROR: tenant data can leak or isolation is not enforced. WARNING: isolation holds, but costs or risks. */
    public enum Severity {
        /** Tenant data can leak, or isolation is not enforced. */
        ERROR,
        /** Isolation holds, but costs or risks. */
        WARNING
    }

    @Override
    public String toString() {
        return severity + " " + object + ": " + problem + ". " + fix;
    }
}
