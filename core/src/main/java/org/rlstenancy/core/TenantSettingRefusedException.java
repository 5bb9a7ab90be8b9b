package org.rlstenancy.core;

import java.sql.SQLException;

/**
 * SQL on a tenant-bound connection would have set the tenant setting ({@code SET app.tenant_id},
 * {@code set_config('app.tenant_id', ...)}, {@code ALTER ROLE ... SET app.tenant_id}, a write to
 * {@code pg_settings}), which only this library may do. It was refused before anything reached the server, so the
 * transaction is not aborted. SQLSTATE {@code 42501} (insufficient privilege).
 */
public class TenantSettingRefusedException extends SQLException {
    private static final long serialVersionUID = 1L;

    /** @param message which SQL was refused, and why */
    public TenantSettingRefusedException(String message) {
        super(message, "42501");
    }
}
