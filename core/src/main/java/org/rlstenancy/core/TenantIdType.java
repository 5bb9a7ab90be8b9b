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

    /** {@return the Java type tenant ids of this kind are bound as} */
    public Class<?> javaType() {
        return javaType;
    }

    /** {@return the PostgreSQL type the tenant setting is cast to in policies, such as {@code uuid}} */
    public String sqlType() {
        return sqlType;
    }

    /**
     * Parses the text form of a tenant id.
     *
     * @param text the id as text, such as a token claim or a header
     * @return the id as {@link #javaType()}: a {@link java.util.UUID}, a {@link Long} or the text itself
     * @throws InvalidTenantIdException if the text is null, empty, only white space, over {@value #MAX_LENGTH}
     *     characters, has leading or trailing white space, holds a control character, an invisible format
     *     character (such as U+202E or U+200B), a line or paragraph separator or a lone surrogate, or is not a
     *     valid value of this type
     */
    public Object parse(String text) {
        checkText(text);
        switch (this) {
            case UUID:
                if (!CANONICAL_UUID.matcher(text).matches()) {
                    throw new InvalidTenantIdException("is not a UUID in canonical 8-4-4-4-12 form", ": " + quote(text));
                }
                return java.util.UUID.fromString(text);
            case LONG:
                if (!DECIMAL_LONG.matcher(text).matches()) {
                    throw new InvalidTenantIdException("is not a decimal integer", ": " + quote(text));
                }
                try {
                    return Long.valueOf(text);
                } catch (NumberFormatException e) {
                    throw new InvalidTenantIdException("is out of the range of a bigint", ": " + quote(text), e);
                }
            default:
                return text;
        }
    }

    /**
     * Checks that {@code tenantId} is a valid id of this type and returns its text form, the value the tenant
     * setting is given.
     *
     * @param tenantId the id, of {@link #javaType()} ({@link Integer} and {@link Short} too for {@link #LONG})
     * @return its text form
     * @throws InvalidTenantIdException if it is null, of another Java type, or malformed
     */
    public String toSettingValue(Object tenantId) {
        if (tenantId == null) {
            throw new InvalidTenantIdException("is null", "");
        }
        if (this == LONG && (tenantId instanceof Integer || tenantId instanceof Short)) {
            return tenantId.toString();
        }
        if (!javaType.isInstance(tenantId)) {
            throw new InvalidTenantIdException("is a " + tenantId.getClass().getTypeName() + ", but tenant ids are"
                    + " configured as " + name() + " (" + javaType.getName() + ")", ": "
                    + quote(String.valueOf(tenantId)) + "; convert text with TenantIdType." + name() + ".parse(text)");
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
     * @param value the configured name; surrounding white space is ignored
     * @return the type it names
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
     * Checks the properties every tenant id shares, whatever its type: not null, and for text, the checks of
     * {@link #parse(String)} that do not depend on the type.
     */
    static void checkWellFormed(Object tenantId) {
        if (tenantId == null) {
            throw new InvalidTenantIdException("is null", "");
        }
        if (tenantId instanceof CharSequence) {
            checkText(tenantId.toString());
        }
    }

    private static void checkText(String text) {
        if (text == null) {
            throw new InvalidTenantIdException("is null", "");
        }
        if (text.isEmpty()) {
            throw new InvalidTenantIdException("is empty", "");
        }
        if (text.chars().allMatch(TenantIdType::isSpace)) {
            throw new InvalidTenantIdException("is only white space", " (" + text.length() + " characters)");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidTenantIdException("is longer than " + MAX_LENGTH + " characters",
                    " (" + text.length() + " characters long)");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String problem = null;
            if (Character.isISOControl(c)) {
                problem = "contains a control character";
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                problem = "contains a lone surrogate, which is not valid Unicode";
            } else if (Character.getType(c) == Character.FORMAT) {
                problem = "contains an invisible format character";
            } else if (Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                problem = "contains a line or paragraph separator";
            }
            if (problem != null) {
                throw new InvalidTenantIdException(problem, " (" + codePoint(c) + ") at index " + i);
            }
        }
        if (isSpace(text.charAt(0)) || isSpace(text.charAt(text.length() - 1))) {
            throw new InvalidTenantIdException("has leading or trailing white space", ": " + quote(text));
        }
    }

    /** White space, the no-break spaces (U+00A0, U+2007, U+202F) included. */
    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static String codePoint(char c) {
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }

    /**
     * {@code text} in single quotes, cut after 64 characters. Characters a reader could not see or that would break
     * a log line (control and format characters, surrogates, white space other than the space) are written as a
     * backslash, {@code u} and four hex digits.
     */
    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("'");
        int shown = Math.min(text.length(), 64);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c != ' ' && (Character.isISOControl(c) || Character.isSurrogate(c) || isSpace(c)
                    || Character.getType(c) == Character.FORMAT)) {
                quoted.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append(text.length() > shown ? "…'" : "'").toString();
    }
}
