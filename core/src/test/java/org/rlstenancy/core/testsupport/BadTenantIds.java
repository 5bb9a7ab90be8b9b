package org.rlstenancy.core.testsupport;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.rlstenancy.core.TenantIdType;

/**
 * Malformed tenant ids, generated from a fixed seed: the same list on every run. Each kind of fault comes round in
 * turn, with random values: null, empty, only white space, over-long, control characters, NUL, invisible format
 * characters, line separators, lone surrogates, leading or trailing white space, and for UUID and long ids SQL
 * fragments, non-canonical UUID spellings, numbers out of range and numbers that are not plain decimal integers;
 * then values of the wrong Java type. Text ids accept SQL fragments and other printable text, so they get none.
 */
public final class BadTenantIds {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String[] SPACES = {" ", "\t", "\n", "\r", "\u000b", "\f", "\u00a0", "\u2003", "\u2007",
        "\u202f", "\u3000", "\u2028", "\u1680"};
    private static final char[] FORMAT = {'\u202e', '\u202d', '\u200b', '\u200d', '\u200e', '\ufeff', '\u2066',
        '\u2069', '\u061c', '\u00ad', '\u2060'};
    private static final String[] SQL = {"'; drop table x; --", "1 or 1=1", "' or '1'='1", "1; select pg_sleep(10)",
        "$$; drop table note; $$", "1) union select null --", "'||(select current_user)||'", "\\'; reset role; --",
        "1/**/or/**/1=1", "x' ; set role postgres; --"};

    private BadTenantIds() {
    }

    /** One malformed id: the kind of fault, the value, and the words the library's error must name it with. */
    public record BadTenantId(String kind, Object value, String problem) {
        /**
         * Whether {@code TenantContext.bind} refuses it: null and text malformed whatever the configured type. Other
         * faults (a well-formed text that is no UUID, a value of the wrong type) pass the bind, which does not know
         * the type, and are refused when a connection is asked for the tenant.
         */
        public boolean refusedByBind() {
            return value == null || value instanceof String && !TYPE_FAULTS.contains(kind);
        }

        @Override
        public String toString() {
            return kind + " " + printable(value);
        }
    }

    private static final List<String> TYPE_FAULTS = List.of("SQL fragment", "non-canonical UUID",
            "number out of range", "not a decimal integer");

    /** {@code count} malformed ids for {@code type}, the same for the same seed. */
    public static List<BadTenantId> generate(TenantIdType type, int count, long seed) {
        Random random = new Random(seed);
        List<Function<Random, BadTenantId>> kinds = kinds(type);
        List<BadTenantId> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(kinds.get(i % kinds.size()).apply(random));
        }
        return ids;
    }

    private static List<Function<Random, BadTenantId>> kinds(TenantIdType type) {
        List<Function<Random, BadTenantId>> kinds = new ArrayList<>();
        kinds.add(r -> new BadTenantId("null", null, "is null"));
        kinds.add(r -> new BadTenantId("empty", "", "is empty"));
        kinds.add(r -> new BadTenantId("only white space", spaces(r, 1 + r.nextInt(12)), "is only white space"));
        kinds.add(r -> new BadTenantId("over-long", overLong(type, r), "is longer than 128 characters"));
        kinds.add(r -> new BadTenantId("control character", insert(valid(type, r), r, controlCharacter(r)),
                "contains a control character"));
        kinds.add(r -> new BadTenantId("NUL", insert(valid(type, r), r, '\u0000'), "contains a control character"));
        kinds.add(r -> new BadTenantId("format character", insert(valid(type, r), r, FORMAT[r.nextInt(FORMAT.length)]),
                "contains an invisible format character"));
        kinds.add(r -> new BadTenantId("line separator", insert(valid(type, r), r, r.nextBoolean() ? '\u2028' : '\u2029'),
                "contains a line or paragraph separator"));
        kinds.add(r -> new BadTenantId("lone surrogate", insert(valid(type, r), r,
                (char) (r.nextBoolean() ? 0xd800 + r.nextInt(0x400) : 0xdc00 + r.nextInt(0x400))),
                "contains a lone surrogate, which is not valid Unicode"));
        kinds.add(r -> new BadTenantId("leading or trailing white space", padded(valid(type, r), r),
                "has leading or trailing white space"));
        switch (type) {
            case UUID -> {
                String notUuid = "is not a UUID in canonical 8-4-4-4-12 form";
                kinds.add(r -> new BadTenantId("SQL fragment", sql(r), notUuid));
                kinds.add(r -> new BadTenantId("non-canonical UUID", nonCanonicalUuid(r), notUuid));
            }
            case LONG -> {
                kinds.add(r -> new BadTenantId("SQL fragment", sql(r), "is not a decimal integer"));
                kinds.add(r -> new BadTenantId("number out of range", outOfRange(r), "is out of the range of a bigint"));
                kinds.add(r -> new BadTenantId("not a decimal integer", notDecimal(r), "is not a decimal integer"));
            }
            default -> {
                // Any other printable text is a valid text id, SQL included: it only ever travels as a parameter.
            }
        }
        List<Object> wrongTypes = wrongTypes(type);
        kinds.add(r -> {
            Object wrong = wrongTypes.get(r.nextInt(wrongTypes.size()));
            return new BadTenantId("wrong Java type", wrong, "is a " + wrong.getClass().getTypeName()
                    + ", but tenant ids are configured as " + type.name());
        });
        return kinds;
    }

    /** A valid id of {@code type} with a random part, so a value found in a log is this one. */
    private static String valid(TenantIdType type, Random r) {
        return switch (type) {
            case UUID -> new UUID(r.nextLong(), r.nextLong()).toString();
            case LONG -> Long.toString(1_000_000_000L + (r.nextLong() & 0xffff_ffffL));
            case TEXT -> "tenant-" + word(r, 8);
        };
    }

    private static String word(Random r, int length) {
        StringBuilder word = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            word.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return word.toString();
    }

    private static String spaces(Random r, int length) {
        StringBuilder spaces = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            spaces.append(SPACES[r.nextInt(SPACES.length)]);
        }
        return spaces.toString();
    }

    private static String overLong(TenantIdType type, Random r) {
        int length = TenantIdType.MAX_LENGTH + 1 + (r.nextInt(4) == 0 ? r.nextInt(20_000) : r.nextInt(200));
        StringBuilder text = new StringBuilder(length + 40);
        while (text.length() < length) {
            text.append(valid(type, r));
        }
        return text.substring(0, length);
    }

    private static char controlCharacter(Random r) {
        int c = r.nextInt(3) == 0 ? 0x7f + r.nextInt(0x21) : 1 + r.nextInt(0x1f);
        return (char) c;
    }

    /** {@code c} inside {@code text}, not at its start or end where a white-space control reads as padding. */
    private static String insert(String text, Random r, char c) {
        int at = 1 + r.nextInt(text.length() - 1);
        return text.substring(0, at) + c + text.substring(at);
    }

    private static String padded(String text, Random r) {
        String space = new String[] {" ", "  ", "\u00a0", "\u2003", "\u3000", "\u202f"}[r.nextInt(6)];
        return switch (r.nextInt(3)) {
            case 0 -> space + text;
            case 1 -> text + space;
            default -> space + text + space;
        };
    }

    private static String sql(Random r) {
        return SQL[r.nextInt(SQL.length)] + " /* " + word(r, 8) + " */";
    }

    private static String nonCanonicalUuid(Random r) {
        String uuid = new UUID(r.nextLong(), r.nextLong()).toString();
        String hex = uuid.replace("-", "");
        return switch (r.nextInt(12)) {
            case 0 -> "{" + uuid + "}";
            case 1 -> "urn:uuid:" + uuid;
            case 2 -> hex;
            case 3 -> hex.substring(0, 8) + "-" + Integer.toHexString(1 + r.nextInt(0xfff)) + "-1-1-1";
            case 4 -> "(" + uuid + ")";
            case 5 -> uuid.substring(0, 35);
            case 6 -> uuid + hex.charAt(0);
            case 7 -> uuid.substring(0, 9) + uuid.substring(10);
            case 8 -> uuid.replace('-', '_');
            case 9 -> uuid.substring(0, 14) + "g" + uuid.substring(15);
            case 10 -> uuid.substring(0, 4) + "\uff10" + uuid.substring(5);
            default -> "0x" + hex;
        };
    }

    private static String outOfRange(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "9223372036854775808";
            case 1 -> "-9223372036854775809";
            case 2 -> BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(1 + (r.nextLong() & Long.MAX_VALUE)))
                    .toString();
            default -> "-" + (1 + r.nextInt(9)) + digits(r, 19 + r.nextInt(60));
        };
    }

    private static String digits(Random r, int length) {
        StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            digits.append((char) ('0' + r.nextInt(10)));
        }
        return digits.toString();
    }

    private static String notDecimal(Random r) {
        long n = 1 + r.nextInt(1_000_000);
        return switch (r.nextInt(14)) {
            case 0 -> n + "e3";
            case 1 -> "0x" + Long.toHexString(n);
            case 2 -> "+" + n;
            case 3 -> n + ".0";
            case 4 -> "\uff11" + n;
            case 5 -> n + "_000";
            case 6 -> n + ",000";
            case 7 -> "--" + n;
            case 8 -> "-";
            case 9 -> "\u0663" + n;
            case 10 -> n + " " + n;
            case 11 -> n + "L";
            case 12 -> "NaN";
            default -> "1e" + n;
        };
    }

    private static List<Object> wrongTypes(TenantIdType type) {
        UUID uuid = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        return switch (type) {
            case UUID -> List.of(42, 42L, 4.2d, BigInteger.TEN, true, new StringBuilder(uuid.toString()),
                    new char[] {'a'}, List.of(uuid), new Object());
            case TEXT -> List.of(uuid, 42, 42L, new StringBuilder("acme"), new char[] {'a'}, List.of("acme"),
                    Boolean.FALSE);
            case LONG -> List.of(uuid, 1.0d, 1.0f, BigInteger.ONE, BigDecimal.ONE, (byte) 1, new AtomicLong(1),
                    '1', List.of(1L));
        };
    }

    /** {@code value} for a test report: invisible characters escaped, long text cut. */
    static String printable(Object value) {
        if (!(value instanceof String text)) {
            return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
        }
        StringBuilder shown = new StringBuilder("\"");
        for (char c : text.substring(0, Math.min(text.length(), 80)).toCharArray()) {
            shown.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "\\u%04x", (int) c));
        }
        return shown.append(text.length() > 80 ? "\"… (" + text.length() + " characters)" : "\"").toString();
    }
}
