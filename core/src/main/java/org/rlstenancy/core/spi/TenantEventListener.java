package org.rlstenancy.core.spi;

/**
 * Told what the tenant machinery does, for metrics and logging; register one with {@link TenantEvents#register}.
 * Every method has a no-op default. Methods are called on the thread doing the work, synchronously, so they must be
 * quick and must not block; an exception a listener throws is logged and otherwise ignored. Tenant ids are given in
 * their setting text form (a UUID's canonical text, the text, or a long's digits); a listener that puts them into
 * metric tags makes one time series per tenant.
 */
public interface TenantEventListener {
    /**
     * The tenant setting was made for a transaction (for each statement in auto-commit mode).
     *
     * @param tenant the tenant, in its setting text form
     * @param folded true where it travelled with the transaction's first statement in one round trip; false where
     *     it ran as a statement of its own
     * @param nanos the time it took: with {@code folded}, only signing and binding the value (the round trip is the
     *     statement's own); otherwise the whole {@code set_config} statement, round trip included
     */
    default void tenantApplied(String tenant, boolean folded, long nanos) {
    }

    /**
     * The statement that carried the tenant setting failed, so the transaction has no tenant; with {@code folded}
     * this is also the transaction's first statement, whose own failure cannot be told apart.
     *
     * @param tenant the tenant, in its setting text form
     * @param folded true where the setting travelled with the transaction's first statement; false where it ran as a
     *     statement of its own
     */
    default void tenantApplyFailed(String tenant, boolean folded) {
    }

    /**
     * Work that needs a tenant was refused with {@link org.rlstenancy.core.MissingTenantException} because none was
     * bound: a Session, a connection, a repository call. Nothing was borrowed or sent.
     */
    default void tenantMissing() {
    }

    /**
     * The database refused to write a row outside the tenant ({@code new row violates row-level security policy},
     * SQLSTATE 42501), raised as {@link org.rlstenancy.core.CrossTenantWriteException}.
     *
     * @param tenant the tenant the connection was bound to, in its setting text form
     * @param table the table the message names, or null where the message names none
     */
    default void rowLevelSecurityRefused(String tenant, String table) {
    }

    /**
     * The tenant bound to the current thread changed: a scope opened or closed, a wrapped task began or ended.
     *
     * @param tenantId the tenant bound now, as it was bound; null for none, also inside a cross-tenant scope
     */
    default void tenantBound(Object tenantId) {
    }
}
