package org.rlstenancy.core.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.rlstenancy.core.TenantSettingRefusedException;

/**
 * What a tenant-bound connection reads from one SQL text, read once and kept for the next time the same text comes:
 * whether it would set the tenant setting ({@link TenantSettingScanner}), whether it is one statement that can be
 * folded ({@link SqlLexer#isSingleStatement}), whether it starts or ends a transaction or must run outside one, and
 * the folded text. An application sends the same few hundred SQL texts over and over (Hibernate keeps each query's
 * SQL), so the scans and the folded text's concatenation happen once per text, not once per prepare or execution;
 * and pgJDBC, handed the same folded {@code String} each time, finds it in its statement cache by a hash it has
 * already computed.
 *
 * <p>Every fact is a function of the text alone (and of the setting's name or SQL, which are fixed per
 * configuration), so a kept answer is the answer a new scan would give. At most {@value #MAX_KEPT} texts are kept,
 * none longer than {@value #MAX_KEPT_LENGTH} characters; past that the kept ones are dropped and kept anew.
 */
final class SqlFacts {
    static final int MAX_KEPT = 2048;
    static final int MAX_KEPT_LENGTH = 16_384;

    private static final String LEADING_COMMENTS = "^\\s*(?:(?:/\\*.*?\\*/|--[^\\n]*(?:\\n|$))\\s*)*";
    private static final Pattern ENDS_TRANSACTION = Pattern.compile(LEADING_COMMENTS
            + "(commit|end|abort|prepare\\s+transaction|rollback(?!\\s+(work\\s+|transaction\\s+)?to\\b))\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern STARTS_TRANSACTION = Pattern.compile(LEADING_COMMENTS
            + "(begin|start\\s+transaction)\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** Commands PostgreSQL refuses inside a transaction block; none of them reads or writes tenant rows. */
    private static final Pattern OUTSIDE_TRANSACTION = Pattern.compile(LEADING_COMMENTS
            + "(vacuum|(create|drop)\\s+(unique\\s+)?index\\s+concurrently|reindex\\b.*\\bconcurrently|"
            + "(commit|rollback)\\s+prepared|alter\\s+system)\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private static final Map<String, SqlFacts> KEPT = new ConcurrentHashMap<>();
    private static final SqlFacts NONE = new SqlFacts(null);

    private final String sql;
    private final boolean singleStatement;
    private final boolean startsTransaction;
    private final boolean endsTransaction;
    private final boolean outsideTransaction;
    /** The last setting name scanned for, with what the scan found (null: nothing); replaced whole. */
    private volatile Answer finding;
    /** The last setting SQL folded in front, with the folded text; replaced whole. */
    private volatile Answer folded;

    private SqlFacts(String sql) {
        this.sql = sql;
        this.singleStatement = SqlLexer.isSingleStatement(sql);
        this.startsTransaction = sql != null && STARTS_TRANSACTION.matcher(sql).lookingAt();
        this.endsTransaction = sql != null && ENDS_TRANSACTION.matcher(sql).lookingAt();
        this.outsideTransaction = sql != null && OUTSIDE_TRANSACTION.matcher(sql).lookingAt();
    }

    /** The facts of {@code sql}; of no SQL at all (nothing found, nothing started or ended) for null. */
    static SqlFacts of(String sql) {
        if (sql == null) {
            return NONE;
        }
        SqlFacts kept = KEPT.get(sql);
        if (kept != null) {
            return kept;
        }
        SqlFacts facts = new SqlFacts(sql);
        if (sql.length() <= MAX_KEPT_LENGTH) {
            if (KEPT.size() >= MAX_KEPT) {
                KEPT.clear();
            }
            KEPT.put(sql, facts);
        }
        return facts;
    }

    /** How many texts are kept now. */
    static int keptCount() {
        return KEPT.size();
    }

    String sql() {
        return sql;
    }

    /**
     * Throws if the SQL would set {@code settingName}.
     *
     * @throws TenantSettingRefusedException naming what was found
     */
    void refuseSetting(String settingName) throws TenantSettingRefusedException {
        Answer last = finding;
        String found;
        if (last != null && last.key.equals(settingName)) {
            found = last.value;
        } else {
            found = TenantSettingScanner.finding(sql, settingName);
            finding = new Answer(settingName, found);
        }
        if (found != null) {
            throw TenantSettingScanner.refusal(sql, settingName, found);
        }
    }

    /** Whether the SQL is one statement that can be folded behind the setting's SQL. */
    boolean isSingleStatement() {
        return singleStatement;
    }

    /** Whether the SQL starts a transaction ({@code BEGIN}, {@code START TRANSACTION}). */
    boolean startsTransaction() {
        return startsTransaction;
    }

    /** Whether the SQL ends the transaction ({@code COMMIT}, {@code ROLLBACK} but not to a savepoint, …). */
    boolean endsTransaction() {
        return endsTransaction;
    }

    /** Whether the SQL is a command PostgreSQL refuses inside a transaction block ({@code VACUUM}, …). */
    boolean runsOutsideTransaction() {
        return outsideTransaction;
    }

    /** {@code applySql}, then the SQL, as one text. */
    String foldedBehind(String applySql) {
        Answer last = folded;
        if (last != null && last.key.equals(applySql)) {
            return last.value;
        }
        String text = applySql + ";" + sql;
        folded = new Answer(applySql, text);
        return text;
    }

    private record Answer(String key, String value) {
    }
}
