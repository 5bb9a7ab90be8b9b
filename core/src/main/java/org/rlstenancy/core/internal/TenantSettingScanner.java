package org.rlstenancy.core.internal;

import org.rlstenancy.core.TenantSettingRefusedException;
import org.rlstenancy.core.internal.SqlLexer.Kind;

/**
 * Decides whether SQL would set the tenant setting, so a tenant-bound connection can refuse it before anything
 * reaches the server. SQL is refused when, outside comments, it holds
 * <ul>
 *   <li>{@code SET} or {@code RESET} (also {@code SET SESSION}, {@code SET LOCAL}) followed by the setting's name,
 *       unquoted, quoted ({@code "app"."tenant_id"}, {@code "app.tenant_id"}) or {@code U&"..."}, in any case:
 *       the {@code SET} command, {@code ALTER ROLE|USER|DATABASE|SYSTEM ... SET|RESET} and a function's
 *       {@code SET} clause alike;</li>
 *   <li>{@code set_config} (also {@code pg_catalog.set_config} or quoted) anywhere but in a call whose first
 *       argument is one string constant naming another setting;</li>
 *   <li>{@code UPDATE}, {@code INSERT INTO}, {@code MERGE INTO} or {@code DELETE FROM} (optionally {@code ONLY})
 *       a relation named {@code pg_settings}, in any schema.</li>
 * </ul>
 * The value of every string constant, dollar-quoted ones included, is read as SQL in turn (to a depth of
 * {@value #MAX_DEPTH}), so {@code DO} bodies and strings handed to {@code query_to_xml} are covered. SQL with a
 * backslash is read twice, with {@code standard_conforming_strings} on and off. {@code RESET ALL}, on its own or on
 * a role or database, only removes values and is allowed.
 * <p>
 * Most SQL takes a fast path: without a backslash, a {@code U&} quote, a string constant continued on another line
 * or the words {@code set_config}, {@code pg_settings} or the setting's last name component, none of the above can
 * be in it. SQL computed when it runs (string concatenation in a {@code DO} block, {@code format()}) is not seen.
 */
final class TenantSettingScanner {
    static final int MAX_DEPTH = 8;
    private static final int MAX_SQL_IN_MESSAGE = 200;

    private TenantSettingScanner() {
    }

    /**
     * Throws if {@code sql} would set {@code settingName}.
     *
     * @throws TenantSettingRefusedException naming what was found
     */
    static void refuse(String sql, String settingName) throws TenantSettingRefusedException {
        String found = finding(sql, settingName);
        if (found != null) {
            throw refusal(sql, settingName, found);
        }
    }

    /** The refusal of {@code sql}, in which {@link #finding} found {@code found}. */
    static TenantSettingRefusedException refusal(String sql, String settingName, String found) {
        String shown = sql.length() > MAX_SQL_IN_MESSAGE ? sql.substring(0, MAX_SQL_IN_MESSAGE) + "..." : sql;
        return new TenantSettingRefusedException("SQL on a tenant-bound connection may not set " + settingName
                + ": RLS Tenancy sets it for each transaction, and a value set by SQL could name another tenant"
                + " or, set for the session, outlive the transaction and reach other clients through a pool or"
                + " PgBouncer. Found " + found + " in: " + shown);
    }

    /** What in {@code sql} sets {@code settingName}, such as {@code SET app.tenant_id}; null if nothing does. */
    static String finding(String sql, String settingName) {
        if (sql == null) {
            return null;
        }
        String found = scan(sql, settingName, false, 0);
        return found == null && sql.indexOf('\\') >= 0 ? scan(sql, settingName, true, 0) : found;
    }

    private static String scan(String sql, String setting, boolean backslashStrings, int depth) {
        if (!mayTouch(sql, setting)) {
            return null;
        }
        if (depth > MAX_DEPTH) {
            return "string constants nested more than " + MAX_DEPTH + " deep";
        }
        SqlLexer tokens = new SqlLexer(sql, backslashStrings);
        while (tokens.next()) {
            String found;
            if (tokens.kind() == Kind.STRING) {
                found = scan(tokens.value(), setting, backslashStrings, depth + 1);
            } else if (tokens.isName("set_config")) {
                found = setConfig(tokens, setting);
            } else if (tokens.isWord("set") || tokens.isWord("reset")) {
                found = variable(tokens, setting);
            } else if (tokens.isWord("update") || tokens.isWord("into") || tokens.isWord("delete")) {
                found = pgSettingsWrite(tokens);
            } else {
                found = null;
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * Whether {@code sql} can hold anything {@link #scan} refuses: one of its words, or a way to spell one
     * without writing it (a backslash escape, a {@code U&} escape, a string constant continued on the next line).
     */
    static boolean mayTouch(String sql, String setting) {
        int lastStart = setting.lastIndexOf('.') + 1;
        int lastLength = setting.length() - lastStart;
        char lastFirst = setting.charAt(lastStart);
        for (int i = 0; i < sql.length(); i++) {
            char c = SqlLexer.lowerAscii(sql.charAt(i));
            if (c == '\\' || c == '&' && i + 1 < sql.length() && (sql.charAt(i + 1) == '\'' || sql.charAt(i + 1) == '"')
                    || c == '\'' && lineFollows(sql, i + 1)
                    || c == 's' && SqlLexer.equalsIgnoreAsciiCase(sql, i, "set_config", 0, 10)
                    || c == 'p' && SqlLexer.equalsIgnoreAsciiCase(sql, i, "pg_settings", 0, 11)
                    || c == lastFirst && SqlLexer.equalsIgnoreAsciiCase(sql, i, setting, lastStart, lastLength)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a line break or a line comment follows {@code index}, after spaces and tabs. */
    private static boolean lineFollows(String sql, int index) {
        int i = index;
        while (i < sql.length() && (sql.charAt(i) == ' ' || sql.charAt(i) == '\t' || sql.charAt(i) == '\f'
                || sql.charAt(i) == '\u000b')) {
            i++;
        }
        return i < sql.length() && (sql.charAt(i) == '\n' || sql.charAt(i) == '\r' || sql.startsWith("--", i));
    }

    /** At {@code set_config}: null for a call whose first argument is a string constant naming another setting. */
    private static String setConfig(SqlLexer tokens, String setting) {
        int resume = tokens.end();
        String found;
        if (!tokens.next() || !tokens.isSymbol('(')) {
            found = "set_config other than in a call";
        } else if (!tokens.next() || tokens.kind() != Kind.STRING) {
            found = "set_config with a name that is not a string constant";
        } else if (isSetting(tokens.value(), setting)) {
            found = "set_config('" + setting + "', ...)";
        } else if (!tokens.next() || !tokens.isSymbol(',')) {
            found = "set_config with a name that is not a string constant";
        } else {
            found = null;
        }
        tokens.seek(resume);
        return found;
    }

    /** At {@code SET} or {@code RESET}: the setting's name after it, or after {@code SESSION} or {@code LOCAL}. */
    private static String variable(SqlLexer tokens, String setting) {
        String keyword = tokens.isWord("set") ? "SET" : "RESET";
        int resume = tokens.end();
        boolean found = isSetting(dottedName(tokens), setting);
        if (!found) {
            tokens.seek(resume);
            found = tokens.next() && (tokens.isWord("session") || tokens.isWord("local"))
                    && isSetting(dottedName(tokens), setting);
        }
        tokens.seek(resume);
        return found ? keyword + " " + setting : null;
    }

    /**
     * At {@code UPDATE}, {@code INTO} or {@code DELETE}: whether {@code [FROM] [ONLY] [schema.]pg_settings}
     * follows.
     */
    private static String pgSettingsWrite(SqlLexer tokens) {
        int resume = tokens.end();
        boolean delete = tokens.isWord("delete");
        boolean found = false;
        if (!delete || tokens.next() && tokens.isWord("from")) {
            int name = tokens.end();
            if (!tokens.next() || !tokens.isWord("only")) {
                tokens.seek(name);
            }
            String target = dottedName(tokens);
            found = target != null && target.length() >= 11
                    && (target.length() == 11 || target.charAt(target.length() - 12) == '.')
                    && SqlLexer.equalsIgnoreAsciiCase(target, target.length() - 11, "pg_settings", 0, 11);
        }
        tokens.seek(resume);
        return found ? "a write to pg_settings" : null;
    }

    /**
     * The dotted name that starts at the next token ({@code app.tenant_id}, {@code "app"."tenant_id"}), its parts
     * joined with dots as PostgreSQL joins them; null if no name starts there.
     */
    private static String dottedName(SqlLexer tokens) {
        StringBuilder name = new StringBuilder();
        while (tokens.next() && (tokens.kind() == Kind.WORD || tokens.kind() == Kind.NAME)) {
            name.append(tokens.value());
            if (!tokens.next() || !tokens.isSymbol('.')) {
                return name.toString();
            }
            name.append('.');
        }
        return null;
    }

    private static boolean isSetting(String name, String setting) {
        return name != null && name.length() == setting.length()
                && SqlLexer.equalsIgnoreAsciiCase(name, 0, setting, 0, setting.length());
    }
}
