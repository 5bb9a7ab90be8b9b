package org.rlstenancy.liquibase.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import liquibase.changelog.ChangeSet;
import org.rlstenancy.core.TenantSigningSql;

/**
 * The comment on {@code rls_tenancy.signing_key}: which {@code addTenantSigningKey} changeset stored each key, so
 * that its rollback removes the key it stored and no key that was there before. A first line, then one line
 * {@code <key id>: <changeset>} per key.
 */
public final class SigningKeyRecord {
    private static final String HEADER = "rls-tenancy addTenantSigningKey";
    private static final String TABLE = TenantSigningSql.SCHEMA + ".signing_key";

    private final Map<String, String> changeSetByKey;

    private SigningKeyRecord(Map<String, String> changeSetByKey) {
        this.changeSetByKey = changeSetByKey;
    }

    /** The record as the catalog holds it now; empty when there is none. */
    public static SigningKeyRecord of(Catalog catalog) {
        Map<String, String> keys = new LinkedHashMap<>();
        String comment = catalog.signingKeyTableComment();
        if (comment != null && comment.startsWith(HEADER + "\n")) {
            for (String line : comment.substring(HEADER.length() + 1).split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    keys.put(line.substring(0, colon), Marker.unescape(line.substring(colon + 2)));
                }
            }
        }
        return new SigningKeyRecord(keys);
    }

    /** True when {@code changeSet} stored the key {@code keyId}. */
    public boolean storedBy(String keyId, ChangeSet changeSet) {
        return Marker.identity(changeSet).equals(changeSetByKey.get(keyId));
    }

    /** The statement recording that {@code changeSet} stored {@code keyId}. */
    public String with(String keyId, ChangeSet changeSet) {
        Map<String, String> keys = new LinkedHashMap<>(changeSetByKey);
        keys.put(keyId, Marker.identity(changeSet));
        return comment(keys);
    }

    /** The statement forgetting who stored {@code keyId}. */
    public String without(String keyId) {
        Map<String, String> keys = new LinkedHashMap<>(changeSetByKey);
        keys.remove(keyId);
        return comment(keys);
    }

    private static String comment(Map<String, String> keys) {
        if (keys.isEmpty()) {
            return "COMMENT ON TABLE " + TABLE + " IS NULL";
        }
        StringBuilder text = new StringBuilder(HEADER);
        keys.forEach((key, changeSet) -> text.append('\n').append(key).append(": ").append(Marker.escape(changeSet)));
        return "COMMENT ON TABLE " + TABLE + " IS " + Marker.literal(text.toString());
    }
}
