package org.rlstenancy.core;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Java and SQL type of tenant ids. Values bound to {@link TenantContext} must be of {@link #javaType()};
 * {@link #parse(String)} turns text (a token claim, a header) into one, rejecting malformed input.
 */
public enum TenantIdType {
    /** {@link UUID} ids in a {@code uuid} column. The default. */
    UUID(java.util.UUID.class, "uuid"),
    /** {@link String} ids in a {@code text} or {@code varchar} column. */
    TEXT(String.class, "text"),
    /** {@link Long} ids in a {@code bigint} column ({@link Integer} and {@link Short} values are accepted too). */
    LONG(Long.class, "bigint");

    /** Longest accepted text form of a tenant id. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DECIMAL_LONG = Pattern.compile("-?[0-9]+");

    private final Class<?> javaType;
    private final String sqlType;

    TenantIdType(Class<?> javaType, String sqlType) {
        this.javaType = javaType;
        this.sqlType = sqlType;
    }

    /** The Java type tenant ids of this kind are bound as. */
    public Class<?> javaType() {
        return javaType;
    }

    /** The PostgreSQL type the tenant setting is cast to in policies. */
    public String sqlType() {
        return sqlType;
    }

    /**
     * Parses the text form of a tenant id.
     *
     * @throws InvalidTenantIdException if the text is null, empty, over {@value #MAX_LENGTH} characters, holds
     *     control characters or is not a valid value of this type
     */
    public Object parse(String text) {
        checkText(text);
        switch (this) {
            case UUID:
                if (!CANONICAL_UUID.matcher(text).matches()) {
                    throw new InvalidTenantIdException("Tenant id is not a UUID in canonical 8-4-4-4-12 form: " + quote(text));
                }
                return java.util.UUID.fromString(text);
            case LONG:
                if (!DECIMAL_LONG.matcher(text).matches()) {
                    throw new InvalidTenantIdException("Tenant id is not a decimal integer: " + quote(text));
                }
                try {
                    return Long.valueOf(text);
                } catch (NumberFormatException e) {
                    throw new InvalidTenantIdException("Tenant id is out of the range of a bigint: " + quote(text), e);
                }
            default:
                return text;
        }
    }

    /**
     * Checks that {@code tenantId} is a valid id of this type and returns its text form, the value the tenant
     * setting is given.
     *
     * @throws InvalidTenantIdException if it is null, of another Java type, or malformed
     */
    public String toSettingValue(Object tenantId) {
        if (tenantId == null) {
            throw new InvalidTenantIdException("Tenant id is null");
        }
        if (this == LONG && (tenantId instanceof Integer || tenantId instanceof Short)) {
            return tenantId.toString();
        }
        if (!javaType.isInstance(tenantId)) {
            throw new InvalidTenantIdException("Tenant id " + quote(String.valueOf(tenantId)) + " is a "
                    + tenantId.getClass().getName() + ", but tenant ids are configured as " + name() + " ("
                    + javaType.getName() + "); convert it with TenantIdType." + name() + ".parse(text)");
        }
        if (this == TEXT) {
            checkText((String) tenantId);
        }
        return tenantId.toString();
    }

    /**
     * The type named by a configuration value: {@code uuid}, {@code text} or {@code long} (or {@code bigint}),
     * case-insensitive.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static TenantIdType fromSetting(String value) {
        if (value != null) {
            String normalized = value.trim().toUpperCase(Locale.ROOT);
            for (TenantIdType type : values()) {
                if (type.name().equals(normalized)) {
                    return type;
                }
            }
            if ("BIGINT".equals(normalized)) {
                return LONG;
            }
        }
        throw new IllegalArgumentException("Unknown tenant id type '" + value + "': use uuid, text or long (bigint)");
    }

    /**
     * Checks the properties every tenant id shares, whatever its type: not null, and for text, not blank, at most
     * {@value #MAX_LENGTH} characters and free of control characters.
     */
    static void checkWellFormed(Object tenantId) {
        if (tenantId == null) {
            throw new InvalidTenantIdException("Tenant id is null");
        }
        if (tenantId instanceof CharSequence) {
            checkText(tenantId.toString());
        }
    }

    private static void checkText(String text) {
        if (text == null) {
            throw new InvalidTenantIdException("Tenant id is null");
        }
        if (text.isBlank()) {
            throw new InvalidTenantIdException("Tenant id is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidTenantIdException("Tenant id is " + text.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new InvalidTenantIdException("Tenant id contains a control character (U+"
                        + String.format("%04X", (int) text.charAt(i)) + ") at index " + i);
            }
        }
        if (!text.equals(text.strip())) {
            throw new InvalidTenantIdException("Tenant id has leading or trailing white space: " + quote(text));
        }
    }

    private static String quote(String text) {
        return text.length() <= 64 ? "'" + text + "'" : "'" + text.substring(0, 64) + "…'";
    }
}
