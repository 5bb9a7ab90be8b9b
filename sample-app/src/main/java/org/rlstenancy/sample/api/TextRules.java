package org.rlstenancy.sample.api;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Locale;

/** Checks a {@link Text} field; and strips whitespace the same way it tells a blank value. */
class TextRules implements ConstraintValidator<Text, String> {
    private Text rules;

    @Override
    public void initialize(Text rules) {
        this.rules = rules;
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        String problem = problem(value, rules);
        if (problem == null) {
            return true;
        }
        // The message holds no character of the value, so no template expression can come from a request.
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        return false;
    }

    /** What is wrong with {@code value} under {@code rules}, or null when nothing is. */
    static String problem(String value, Text rules) {
        if (value == null) {
            return rules.optional() ? null : "is required";
        }
        long units = 0;
        boolean blank = true;
        for (int i = 0, index = 0; i < value.length(); index++) {
            int codePoint = value.codePointAt(i);
            if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                // codePointAt gives a surrogate itself only when it is not half of a pair.
                return "must not contain unpaired surrogates (" + codePoint(codePoint, index) + ")";
            }
            if (Character.getType(codePoint) == Character.CONTROL
                    && !(rules.lineBreaks() && (codePoint == '\t' || codePoint == '\n' || codePoint == '\r'))) {
                return "must not contain control characters" + (rules.lineBreaks() ? " other than tab and line breaks"
                        : "") + " (" + codePoint(codePoint, index) + ")";
            }
            blank &= isSpace(codePoint);
            units += rules.unit() == Text.Unit.CHARACTERS ? 1 : utf8Bytes(codePoint);
            i += Character.charCount(codePoint);
        }
        if (blank) {
            return rules.optional() ? "must not be blank (leave it out or send null for none)" : "is required";
        }
        if (units > rules.max()) {
            return "is longer than " + rules.max() + " " + rules.unit().words;
        }
        return null;
    }

    /** {@code value} without whitespace, Unicode spaces such as U+00A0 included, at either end. */
    static String strip(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.codePointAt(start))) {
            start += Character.charCount(value.codePointAt(start));
        }
        while (end > start && isSpace(value.codePointBefore(end))) {
            end -= Character.charCount(value.codePointBefore(end));
        }
        return value.substring(start, end);
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    private static int utf8Bytes(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private static String codePoint(int codePoint, int index) {
        return String.format(Locale.ROOT, "U+%04X at index %d", codePoint, index);
    }
}
