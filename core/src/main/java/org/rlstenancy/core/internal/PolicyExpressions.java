package org.rlstenancy.core.internal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads policy expressions as {@code pg_get_expr} prints them: which columns they name, which functions they call. */
public final class PolicyExpressions {
    private static final Pattern STRING = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern CAST = Pattern.compile("::\\s*\"?[a-zA-Z_][a-zA-Z0-9_ .\"]*(\\([0-9, ]*\\))?(\\[\\])*");
    private static final Pattern CALL = Pattern.compile("(?<![a-zA-Z0-9_.\"])([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\(");
    private static final Pattern SUB_SELECT = Pattern.compile("\\(\\s*SELECT\\b", Pattern.CASE_INSENSITIVE);
    /** Words followed by a parenthesis that are SQL syntax, not function calls. */
    private static final Set<String> SYNTAX = Set.of("nullif", "coalesce", "greatest", "least", "exists", "any",
            "all", "some", "in", "array", "row", "and", "or", "not", "case", "when", "then", "else", "values",
            "select", "as", "is", "like", "between", "on", "using", "where", "from", "filter", "over");

    private PolicyExpressions() {
    }

    /** Whether {@code expression} names {@code column}, bare or quoted. */
    public static boolean mentionsColumn(String expression, String column) {
        String text = STRING.matcher(expression).replaceAll("''");
        return Pattern.compile("(?<![a-zA-Z0-9_\"$])(" + Pattern.quote(column) + "|\"" + Pattern.quote(column)
                + "\")(?![a-zA-Z0-9_\"$])").matcher(text).find();
    }

    /** The functions {@code expression} calls, lower case. */
    public static Set<String> calls(String expression) {
        Set<String> calls = new LinkedHashSet<>();
        Matcher matcher = CALL.matcher(withoutStringsAndCasts(expression));
        while (matcher.find()) {
            String name = matcher.group(1).toLowerCase(Locale.ROOT);
            if (!SYNTAX.contains(name)) {
                calls.add(name);
            }
        }
        return calls;
    }

    /** The functions {@code expression} calls outside scalar sub-selects, that is, for every row. */
    public static Set<String> callsOutsideSubSelects(String expression) {
        String text = withoutStringsAndCasts(expression);
        StringBuilder outside = new StringBuilder();
        Matcher subSelect = SUB_SELECT.matcher(text);
        int from = 0;
        while (subSelect.find(from)) {
            outside.append(text, from, subSelect.start());
            int depth = 0;
            int end = subSelect.start();
            for (; end < text.length(); end++) {
                char c = text.charAt(end);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            from = Math.min(end + 1, text.length());
        }
        outside.append(text.substring(from));
        return calls(outside.toString());
    }

    private static String withoutStringsAndCasts(String expression) {
        return CAST.matcher(STRING.matcher(expression).replaceAll("''")).replaceAll("");
    }
}
