package org.rlstenancy.core.testsupport;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the test PostgreSQL writes to its log file, read as the superuser: the server's own account of the SQL it
 * received, failed statements included (which {@code pg_stat_statements} does not count).
 *
 * <pre>{@code
 * ServerLog.logStatementsOf(db.server(), db.appRole());   // before the pool opens its connections
 * ServerLog log = ServerLog.of(db.server());
 * ServerLog.Mark mark = log.mark();
 * ...
 * List<ServerLog.Entry> entries = log.since(mark);
 * }</pre>
 *
 * The log collector writes asynchronously, so {@link #mark()} and {@link #since(Mark)} each log a marker statement
 * of their own and wait until it is in the file. The server must log to a file ({@code logging_collector=on},
 * {@code log_destination} with {@code stderr}) with the role on each line ({@code %u} in {@code log_line_prefix});
 * the embedded server does, and a server given by {@code RLS_TEST_JDBC_URL} that does not fails the test, saying so.
 */
public final class ServerLog {
    private static final long WAIT_MILLIS = 30_000;
    /** The start of a message after the line prefix: PostgreSQL writes the severity or field name, then two spaces. */
    private static final Pattern SEVERITY = Pattern.compile(
            "(DEBUG[1-5]?|LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT|QUERY|CONTEXT|LOCATION|STATEMENT):  ");
    private static final Pattern FIELD = Pattern.compile("DETAIL|HINT|QUERY|CONTEXT|LOCATION|STATEMENT");

    private final PostgresServer server;
    private final String file;

    private ServerLog(PostgresServer server, String file) {
        this.server = server;
        this.file = file;
    }

    /** The log of {@code server}; fails, naming what is missing, if it has no log file this class can read. */
    public static ServerLog of(PostgresServer server) {
        try (Connection connection = server.superuserConnection("postgres");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select pg_current_logfile('stderr'),"
                     + " current_setting('log_line_prefix')")) {
            rs.next();
            String file = rs.getString(1);
            String prefix = rs.getString(2);
            if (file == null || !prefix.contains("%u")) {
                throw new IllegalStateException("This test reads the server's statement log, and the PostgreSQL"
                        + " in use has " + (file == null ? "no stderr log file" : "log_line_prefix '" + prefix + "'")
                        + ": start it with logging_collector=on, log_destination including stderr and a"
                        + " log_line_prefix containing %u, or leave RLS_TEST_JDBC_URL unset to use the embedded"
                        + " server, which is set up so");
            }
            return new ServerLog(server, file);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot find the test PostgreSQL's log file", e);
        }
    }

    /**
     * Makes the server log every statement {@code role} sends ({@code log_statement = 'all'}), from its next
     * connection on: call it before a pool opens its connections.
     */
    public static void logStatementsOf(PostgresServer server, String role) {
        try (Connection connection = server.superuserConnection("postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE \"" + role.replace("\"", "\"\"") + "\" SET log_statement = 'all'");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot turn on statement logging for " + role, e);
        }
    }

    /** Where the log ends now: everything logged before this call is before the mark. */
    public Mark mark() {
        try (Connection connection = server.superuserConnection("postgres")) {
            long start = size(connection);
            byte[] marker = logMarker();
            long[] found = waitFor(connection, start, marker);
            return new Mark(found[1]);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the server log " + file, e);
        }
    }

    /** The entries logged after {@code mark}, up to this call. */
    public List<Entry> since(Mark mark) {
        try (Connection connection = server.superuserConnection("postgres")) {
            byte[] marker = logMarker();
            long[] found = waitFor(connection, mark.offset, marker);
            return parse(new String(read(connection, mark.offset, found[0] - mark.offset), StandardCharsets.UTF_8));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the server log " + file, e);
        }
    }

    /** A position in the log file. */
    public record Mark(long offset) {
    }

    /**
     * One message: its first line (line prefix, severity, message) and the lines that belong to it (continuation
     * lines and the DETAIL, STATEMENT and other fields that follow), joined with newlines. A statement that fails
     * before it executes (a parse or bind error) is not logged as a statement but as the STATEMENT of its ERROR.
     */
    public record Entry(String prefix, String severity, String text) {
        /** Whether {@code role} is the role of the session that logged it (the line prefix names it). */
        public boolean isFrom(String role) {
            return prefix.contains(role);
        }

        /** A statement the server logged for {@code log_statement} (simple or extended protocol). */
        public boolean isStatement() {
            return "LOG".equals(severity) && text.matches("(?s)(statement|execute [^:]*): .*");
        }

        @Override
        public String toString() {
            return prefix + severity + ":  " + text;
        }
    }

    /** Logs a statement holding a unique marker, from a session of its own, and returns the marker's bytes. */
    private byte[] logMarker() throws SQLException {
        String marker = "rls-tenancy log mark " + UUID.randomUUID();
        try (Connection connection = server.superuserConnection("postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("SET log_statement = 'all'");
            statement.execute("SELECT '" + marker + "'");
        }
        return marker.getBytes(StandardCharsets.US_ASCII);
    }

    /** Waits until {@code marker} is in the file after {@code from}; returns where its line starts and ends. */
    private long[] waitFor(Connection connection, long from, byte[] marker) throws SQLException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            long size = size(connection);
            byte[] tail = read(connection, from, size - from);
            int at = indexOf(tail, marker);
            if (at >= 0) {
                int lineStart = at;
                while (lineStart > 0 && tail[lineStart - 1] != '\n') {
                    lineStart--;
                }
                int lineEnd = at;
                while (lineEnd < tail.length && tail[lineEnd] != '\n') {
                    lineEnd++;
                }
                return new long[] {from + lineStart, from + Math.min(lineEnd + 1, tail.length)};
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("The marker statement did not reach the server log " + file
                        + " within " + WAIT_MILLIS + " ms");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the server log", e);
            }
        }
    }

    private long size(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select size, pg_current_logfile('stderr') from pg_stat_file(?)")) {
            statement.setString(1, file);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (!file.equals(rs.getString(2))) {
                    throw new IllegalStateException("The server log moved from " + file + " to " + rs.getString(2)
                            + " during the test: turn off log rotation (log_rotation_age=0, log_rotation_size=0)");
                }
                return rs.getLong(1);
            }
        }
    }

    private byte[] read(Connection connection, long offset, long length) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_read_binary_file(?, ?, ?)")) {
            statement.setString(1, file);
            statement.setLong(2, offset);
            statement.setLong(3, length);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Splits log text into entries. A line that starts no message of its own continues the one before it; the tab
     * PostgreSQL puts after each newline inside a message is dropped, so the text is what the server was sent.
     */
    static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String prefix = null;
        String severity = null;
        StringBuilder body = null;
        for (String line : text.split("\n", -1)) {
            Matcher matcher = line.startsWith("\t") ? null : SEVERITY.matcher(line);
            boolean starts = matcher != null && matcher.find();
            if (starts && !(FIELD.matcher(matcher.group(1)).matches() && body != null)) {
                if (body != null) {
                    entries.add(new Entry(prefix, severity, body.toString()));
                }
                prefix = line.substring(0, matcher.start());
                severity = matcher.group(1);
                body = new StringBuilder(line.substring(matcher.end()));
            } else if (body != null && (starts || !line.isEmpty())) {
                body.append('\n').append(starts ? line.substring(matcher.start())
                        : line.startsWith("\t") ? line.substring(1) : line);
            }
        }
        if (body != null) {
            entries.add(new Entry(prefix, severity, body.toString()));
        }
        return entries;
    }
}
