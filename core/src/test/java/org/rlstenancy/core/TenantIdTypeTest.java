package org.rlstenancy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TenantIdTypeTest {
    private static final String UUID_TEXT = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    @Test
    void parseUuidReturnsTheUuid() {
        assertThat(TenantIdType.UUID.parse(UUID_TEXT)).isEqualTo(UUID.fromString(UUID_TEXT));
    }

    @Test
    void parseUuidAcceptsUpperAndLowerCaseHexDigits() {
        Object upper = TenantIdType.UUID.parse(UUID_TEXT.toUpperCase());
        Object mixed = TenantIdType.UUID.parse("3F2504E0-4f89-11D3-9a0c-0305E82C3301");

        assertThat(upper).isInstanceOf(UUID.class).isEqualTo(UUID.fromString(UUID_TEXT));
        assertThat(mixed).isEqualTo(UUID.fromString(UUID_TEXT));
    }

    @Test
    void parseTextReturnsTheTextUnchanged() {
        assertThat(TenantIdType.TEXT.parse("acme-corp_1")).isEqualTo("acme-corp_1");
        assertThat(TenantIdType.TEXT.parse("ä b")).isEqualTo("ä b");
        String longest = "x".repeat(TenantIdType.MAX_LENGTH);
        assertThat(TenantIdType.TEXT.parse(longest)).isEqualTo(longest);
        assertThat(TenantIdType.TEXT.parse("acme\ud83d\ude00")).isEqualTo("acme\ud83d\ude00");
        assertThat(TenantIdType.TEXT.parse("a\u00a0b")).isEqualTo("a\u00a0b");
        assertThat(TenantIdType.TEXT.parse("'; drop table x; --")).isEqualTo("'; drop table x; --");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "42, 42",
        "-7, -7",
        "9223372036854775807, 9223372036854775807",
        "-9223372036854775808, -9223372036854775808",
    })
    void parseLongReturnsALong(String text, long expected) {
        assertThat(TenantIdType.LONG.parse(text)).isInstanceOf(Long.class).isEqualTo(expected);
    }

    static Stream<Arguments> malformedInputs() {
        String tooLong = "a".repeat(TenantIdType.MAX_LENGTH + 1);
        return Stream.of(
                Arguments.of(TenantIdType.TEXT, null, "null"),
                Arguments.of(TenantIdType.TEXT, "", "empty"),
                Arguments.of(TenantIdType.UUID, "", "empty"),
                Arguments.of(TenantIdType.LONG, "", "empty"),
                Arguments.of(TenantIdType.TEXT, "   ", "is only white space"),
                Arguments.of(TenantIdType.TEXT, "\t", "is only white space"),
                Arguments.of(TenantIdType.TEXT, "\u00a0", "is only white space"),
                Arguments.of(TenantIdType.TEXT, "\u00a0acme", "leading or trailing white space: '\\u00A0acme'"),
                Arguments.of(TenantIdType.TEXT, "acme\u202f", "leading or trailing white space"),
                Arguments.of(TenantIdType.TEXT, "\u202eacme", "invisible format character (U+202E) at index 0"),
                Arguments.of(TenantIdType.TEXT, "ac\u200bme", "invisible format character (U+200B) at index 2"),
                Arguments.of(TenantIdType.TEXT, "\ufeffacme", "invisible format character (U+FEFF) at index 0"),
                Arguments.of(TenantIdType.TEXT, "ac\u2028me", "line or paragraph separator (U+2028) at index 2"),
                Arguments.of(TenantIdType.TEXT, "acme\ud800", "lone surrogate, which is not valid Unicode (U+D800)"),
                Arguments.of(TenantIdType.TEXT, "\udc00acme", "lone surrogate, which is not valid Unicode (U+DC00)"),
                Arguments.of(TenantIdType.TEXT, "a\udc00\ud800", "lone surrogate, which is not valid Unicode (U+DC00)"),
                Arguments.of(TenantIdType.UUID, "\u202e" + UUID_TEXT, "invisible format character"),
                Arguments.of(TenantIdType.LONG, "1\ud8002", "lone surrogate"),
                Arguments.of(TenantIdType.TEXT, " acme", "leading or trailing white space"),
                Arguments.of(TenantIdType.TEXT, "acme ", "leading or trailing white space"),
                Arguments.of(TenantIdType.UUID, " " + UUID_TEXT, "leading or trailing white space"),
                Arguments.of(TenantIdType.LONG, "5 ", "leading or trailing white space"),
                Arguments.of(TenantIdType.TEXT, "ac\u0000me", "control character (U+0000) at index 2"),
                Arguments.of(TenantIdType.TEXT, "ac\nme", "control character (U+000A) at index 2"),
                Arguments.of(TenantIdType.TEXT, "ac\tme", "control character (U+0009) at index 2"),
                Arguments.of(TenantIdType.TEXT, "acme\n", "control character (U+000A) at index 4"),
                Arguments.of(TenantIdType.LONG, "1\u00002", "control character (U+0000) at index 1"),
                Arguments.of(TenantIdType.TEXT, tooLong, "is longer than 128 characters (129 characters long)"),
                Arguments.of(TenantIdType.UUID, tooLong, "is longer than 128 characters"),
                Arguments.of(TenantIdType.UUID, "1-1-1-1-1", "not a UUID in canonical 8-4-4-4-12 form"),
                Arguments.of(TenantIdType.UUID, "{" + UUID_TEXT + "}", "not a UUID in canonical 8-4-4-4-12 form"),
                Arguments.of(TenantIdType.UUID, UUID_TEXT.replace("-", ""), "not a UUID in canonical"),
                Arguments.of(TenantIdType.UUID, "3f2504e0-4f89-11d3-9a0c-0305e82c330g", "not a UUID in canonical"),
                Arguments.of(TenantIdType.UUID, "acme", "not a UUID in canonical"),
                Arguments.of(TenantIdType.LONG, "12abc", "not a decimal integer"),
                Arguments.of(TenantIdType.LONG, "+5", "not a decimal integer"),
                Arguments.of(TenantIdType.LONG, "1.5", "not a decimal integer"),
                Arguments.of(TenantIdType.LONG, "9223372036854775808", "out of the range of a bigint"),
                Arguments.of(TenantIdType.LONG, "-9223372036854775809", "out of the range of a bigint"),
                Arguments.of(TenantIdType.LONG, "99999999999999999999", "9999"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("malformedInputs")
    void parseRejectsMalformedInputNamingTheProblem(TenantIdType type, String text, String problem) {
        assertThatThrownBy(() -> type.parse(text))
                .isInstanceOf(InvalidTenantIdException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void theProblemNamesWhatIsWrongWithoutTheValue() {
        assertThatThrownBy(() -> TenantIdType.LONG.parse("12abc")).isInstanceOfSatisfying(
                InvalidTenantIdException.class, e -> assertThat(e.problem()).isEqualTo("is not a decimal integer"));
        assertThatThrownBy(() -> TenantIdType.UUID.toSettingValue(42)).isInstanceOfSatisfying(
                InvalidTenantIdException.class, e -> assertThat(e.problem())
                        .isEqualTo("is a java.lang.Integer, but tenant ids are configured as UUID (java.util.UUID)"));
    }

    @Test
    void theMessageShowsInvisibleCharactersOfTheValueEscaped() {
        assertThatThrownBy(() -> TenantIdType.UUID.toSettingValue("a\nb\u202e\ud800"))
                .hasMessageContaining("'a\\u000Ab\\u202E\\uD800'").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> TenantIdType.UUID.parse("x".repeat(100)))
                .hasMessageEndingWith("'" + "x".repeat(64) + "…'");
    }

    @Test
    void parseQuotesTheOffendingInputInTheMessage() {
        assertThatThrownBy(() -> TenantIdType.LONG.parse("12abc")).hasMessageContaining("'12abc'");
        assertThatThrownBy(() -> TenantIdType.UUID.parse("1-1-1-1-1")).hasMessageContaining("'1-1-1-1-1'");
    }

    @Test
    void toSettingValueReturnsTheTextFormForTheConfiguredType() {
        UUID uuid = UUID.fromString(UUID_TEXT);

        assertThat(TenantIdType.UUID.toSettingValue(uuid)).isEqualTo(UUID_TEXT);
        assertThat(TenantIdType.TEXT.toSettingValue("acme")).isEqualTo("acme");
        assertThat(TenantIdType.LONG.toSettingValue(42L)).isEqualTo("42");
        assertThat(TenantIdType.LONG.toSettingValue(-1L)).isEqualTo("-1");
    }

    @Test
    void toSettingValueForLongAcceptsAnInteger() {
        assertThat(TenantIdType.LONG.toSettingValue(7)).isEqualTo("7");
        assertThat(TenantIdType.LONG.toSettingValue(Integer.MIN_VALUE)).isEqualTo("-2147483648");
    }

    static Stream<Arguments> wrongJavaTypes() {
        return Stream.of(
                Arguments.of(TenantIdType.UUID, 42),
                Arguments.of(TenantIdType.UUID, UUID_TEXT),
                Arguments.of(TenantIdType.TEXT, UUID.fromString(UUID_TEXT)),
                Arguments.of(TenantIdType.TEXT, 42L),
                Arguments.of(TenantIdType.LONG, "42"),
                Arguments.of(TenantIdType.LONG, UUID.fromString(UUID_TEXT)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongJavaTypes")
    void toSettingValueRejectsTheWrongJavaTypeNamingTheConfiguredType(TenantIdType type, Object tenantId) {
        assertThatThrownBy(() -> type.toSettingValue(tenantId))
                .isInstanceOf(InvalidTenantIdException.class)
                .hasMessageContaining("configured as " + type.name())
                .hasMessageContaining(type.javaType().getName())
                .hasMessageContaining(tenantId.getClass().getName());
    }

    @Test
    void toSettingValueForTextRejectsMalformedText() {
        assertThatThrownBy(() -> TenantIdType.TEXT.toSettingValue(""))
                .isInstanceOf(InvalidTenantIdException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> TenantIdType.TEXT.toSettingValue("a\u0000b"))
                .isInstanceOf(InvalidTenantIdException.class).hasMessageContaining("control character");
        assertThatThrownBy(() -> TenantIdType.TEXT.toSettingValue("a".repeat(129)))
                .isInstanceOf(InvalidTenantIdException.class).hasMessageContaining("129 characters long");
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void toSettingValueRejectsNull(TenantIdType type) {
        assertThatThrownBy(() -> type.toSettingValue(null))
                .isInstanceOf(InvalidTenantIdException.class)
                .hasMessageContaining("null");
    }

    static Stream<TenantIdType> allTypes() {
        return Stream.of(TenantIdType.values());
    }

    @ParameterizedTest
    @CsvSource({
        "uuid, UUID",
        "UUID, UUID",
        "TEXT, TEXT",
        "text, TEXT",
        "long, LONG",
        "bigint, LONG",
        "BIGINT, LONG",
        "' Long ', LONG",
    })
    void fromSettingIsCaseInsensitiveAndAcceptsBigint(String value, TenantIdType expected) {
        assertThat(TenantIdType.fromSetting(value)).isEqualTo(expected);
    }

    @Test
    void fromSettingRejectsAnUnknownValueNamingIt() {
        assertThatThrownBy(() -> TenantIdType.fromSetting("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope'");
    }

    @Test
    void fromSettingRejectsNull() {
        assertThatThrownBy(() -> TenantIdType.fromSetting(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void javaAndSqlTypesMatchTheColumnTypes() {
        assertThat(TenantIdType.UUID.javaType()).isEqualTo(UUID.class);
        assertThat(TenantIdType.UUID.sqlType()).isEqualTo("uuid");
        assertThat(TenantIdType.TEXT.javaType()).isEqualTo(String.class);
        assertThat(TenantIdType.TEXT.sqlType()).isEqualTo("text");
        assertThat(TenantIdType.LONG.javaType()).isEqualTo(Long.class);
        assertThat(TenantIdType.LONG.sqlType()).isEqualTo("bigint");
    }
}
