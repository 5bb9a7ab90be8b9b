package org.rlstenancy.liquibase.internal;

import java.util.List;
import org.rlstenancy.core.TenantSigningKey;
import org.rlstenancy.core.TenantSigningSql;

/** What {@code addTenantSigningKey} and {@code removeTenantSigningKey} share. */
public final class SigningKeys {
    private SigningKeys() {
    }

    /**
     * Adds a problem when {@code keyId} is not a valid key id, or when the signed mode is not installed and no
     * earlier change installs it. Without {@code strict}, an earlier change this view cannot model may yet install it.
     */
    public static void check(SchemaView view, String keyId, List<String> problems, boolean strict) {
        try {
            checkKeyId(keyId == null ? "" : keyId);
        } catch (IllegalArgumentException e) {
            problems.add(keyId == null ? "keyId is required" : e.getMessage());
        }
        checkInstalled(view, problems, strict);
    }

    /** Adds a problem when the signed mode is not installed and no earlier change installs it. */
    public static void checkInstalled(SchemaView view, List<String> problems, boolean strict) {
        if (!view.signingInstalled() && (strict || !view.incomplete())) {
            problems.add("the signed mode is not installed (no schema " + TenantSigningSql.SCHEMA
                    + "): put enableTenantSigning before this change");
        }
    }

    /**
     * {@code keyId} when {@link TenantSigningKey} accepts it as a key id.
     *
     * @throws IllegalArgumentException naming the problem otherwise
     */
    public static String checkKeyId(String keyId) {
        return TenantSigningKey.of(keyId, new byte[TenantSigningKey.MIN_SECRET_BYTES]).keyId();
    }

    /** {@code DELETE FROM rls_tenancy.signing_key WHERE key_id = '<key id>'}: the removal as an SQL script runs it. */
    public static String removalSql(String keyId) {
        return "DELETE FROM " + TenantSigningSql.SCHEMA + ".signing_key WHERE key_id = "
                + Marker.literal(checkKeyId(keyId));
    }
}
