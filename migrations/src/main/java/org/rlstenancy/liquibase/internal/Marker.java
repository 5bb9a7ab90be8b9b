package org.rlstenancy.liquibase.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import liquibase.changelog.ChangeSet;

/**
 * The comment a change puts on the object it creates: which change type and changeset made it, and what was there
 * before, so that rollback can restore exactly that. Rollback reads it back at rollback time; it is the only record
 * that survives between the two. Lines of {@code key: value}, newlines and backslashes in values escaped.
 */
public final class Marker {
    private static final String PREFIX = "rls-tenancy ";
    private static final String CHANGESET = "changeset";

    private Marker() {
    }

    /** The comment text for {@code facts} recorded by {@code changeType} in {@code changeSet}. */
    public static String write(String changeType, ChangeSet changeSet, Map<String, String> facts) {
        StringBuilder text = new StringBuilder(PREFIX).append(changeType).append('\n')
                .append(CHANGESET).append(": ").append(escape(identity(changeSet)));
        facts.forEach((key, value) -> text.append('\n').append(key).append(": ").append(escape(value)));
        return text.toString();
    }

    /** True when {@code comment} was written by {@code changeType}, in any changeset. */
    public static boolean writtenBy(String comment, String changeType) {
        return comment != null && comment.startsWith(PREFIX + changeType + "\n");
    }

    /** The facts in {@code comment} when {@code changeType} wrote it in {@code changeSet}; empty otherwise. */
    public static Optional<Map<String, String>> read(String comment, String changeType, ChangeSet changeSet) {
        if (!writtenBy(comment, changeType)) {
            return Optional.empty();
        }
        Map<String, String> facts = new LinkedHashMap<>();
        String[] lines = comment.split("\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(": ");
            if (colon < 0) {
                return Optional.empty();
            }
            facts.put(lines[i].substring(0, colon), unescape(lines[i].substring(colon + 2)));
        }
        return identity(changeSet).equals(facts.remove(CHANGESET)) ? Optional.of(facts) : Optional.empty();
    }

    /** The comment as an SQL string literal. */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String unescape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                out.append(value.charAt(++i) == 'n' ? '\n' : value.charAt(i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code path::id::author}, as Liquibase itself identifies a changeset in its history. */
    public static String identity(ChangeSet changeSet) {
        return changeSet == null ? "(none)" : changeSet.toString(false);
    }
}
