package org.rlstenancy.liquibase.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;

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
        return isIdentityOf(facts.remove(CHANGESET), changeSet) ? Optional.of(facts) : Optional.empty();
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

    /**
     * {@code path::id::author} with the path normalised as Liquibase normalises it to match a changeset to its
     * history ({@link ChangeSet#toNormalizedString()}): no {@code ./}, no {@code classpath:}, {@code ..} resolved.
     */
    public static String identity(ChangeSet changeSet) {
        return changeSet == null ? "(none)" : changeSet.toNormalizedString();
    }

    /**
     * True when {@code recorded}, a {@code path::id::author} that {@link #identity} wrote (or, before it normalised
     * paths, {@code ChangeSet.toString(false)}), names {@code changeSet}: as Liquibase's own
     * {@code DatabaseChangeLog.getChangeSets(path, author, id)} matches its history, the normalised paths, ids and
     * authors are equal ignoring case.
     */
    public static boolean isIdentityOf(String recorded, ChangeSet changeSet) {
        if (recorded == null || changeSet == null) {
            return false;
        }
        String suffix = "::" + changeSet.getId() + "::" + changeSet.getAuthor();
        int pathLength = recorded.length() - suffix.length();
        if (pathLength < 0 || !recorded.regionMatches(true, pathLength, suffix, 0, suffix.length())) {
            return false;
        }
        String recordedPath = DatabaseChangeLog.normalizePath(recorded.substring(0, pathLength));
        String path = DatabaseChangeLog.normalizePath(changeSet.getFilePath());
        return recordedPath != null && recordedPath.equalsIgnoreCase(path);
    }
}
