package org.rlstenancy.sample.api;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A string field of a request body that the app stores or looks up. Refused, in this order: a missing value (unless
 * {@link #optional()}); the first unpaired UTF-16 surrogate (the driver would store {@code ?} for it) or control
 * character (U+0000 to U+001F and U+007F to U+009F: PostgreSQL refuses U+0000, and the others have no place in a
 * name; {@link #lineBreaks()} allows tab, LF and CR); a value of only whitespace (Unicode spaces such as U+00A0
 * included); and one longer than {@link #max()}. What passes PostgreSQL stores as it is, less the whitespace at
 * either end that the controllers strip ({@link TextRules#strip}) from names, titles and user names. The message
 * names neither the field, which {@link ApiErrors} puts in front, nor the character itself: it gives its code point
 * and its index, counted in code points from 0.
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = TextRules.class)
@interface Text {
    /** The most the value may have, in {@link #unit()}s, counted as sent (before any stripping). */
    int max();

    Unit unit() default Unit.CHARACTERS;

    /** Whether the field may be missing or null; an empty or blank value is refused even so. */
    boolean optional() default false;

    /** Whether tab, line feed and carriage return are allowed. */
    boolean lineBreaks() default false;

    String message() default "is not acceptable text";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** What {@link #max()} counts. */
    enum Unit {
        /** Code points: an emoji made of a surrogate pair is one. */
        CHARACTERS("characters"),
        /** Bytes of the UTF-8 encoding, for bcrypt, which reads no more than 72 of them. */
        UTF8_BYTES("bytes in UTF-8");

        final String words;

        Unit(String words) {
            this.words = words;
        }
    }
}
