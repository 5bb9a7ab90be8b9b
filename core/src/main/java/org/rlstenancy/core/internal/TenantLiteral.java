package org.rlstenancy.core.internal;

import java.util.regex.Pattern;

import org.rlstenancy.core.InvalidTenantIdException;
import org.rlstenancy.core.TenantIdType;

/**
 * The one place a tenant id becomes SQL text: the citus mode's {@code SET LOCAL}, which takes no parameters. The id is
 * parsed strictly by its {@link TenantIdType} first and written in its canonical form (a lower-case UUID, a decimal
 * bigint); a text id is quoted only if every character is an ASCII letter or digit or one of {@code _ . : @ -}, and it
 * starts with a letter or digit. Nothing that could end or change a string
 * constant can pass (no quote, backslash, dollar, semicolon, white space, control or non-ASCII character), so the
 * quoting cannot be escaped whatever {@code standard_conforming_strings} or the client encoding is.
 */
public final class TenantLiteral {
    /** Text tenant ids the citus mode accepts; uuid and bigint ids always match. */
    public static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@-]{0," + (TenantIdType.MAX_LENGTH - 1)
            + "}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private TenantLiteral() {
    }

    /**
     * {@code tenant}, the text form of a tenant id of {@code type}, as a single-quoted SQL string constant.
     *
     * @throws InvalidTenantIdException if it is not a valid id of the type, or holds a character outside the safe set
     */
    public static String quote(TenantIdType type, String tenant) {
        String canonical = type.parse(tenant).toString();
        Pattern allowed = switch (type) {
            case UUID -> UUID;
            case LONG -> DECIMAL;
            case TEXT -> SAFE;
        };
        if (!allowed.matcher(canonical).matches()) {
            throw new InvalidTenantIdException("holds a character the citus mode does not allow in a tenant id"
                    + " (it allows ASCII letters, digits and _ . : @ -, starting with a letter or digit)", "");
        }
        return "'" + canonical + "'";
    }
}
