package org.rlstenancy.cli;

import java.util.List;
import java.util.stream.Collectors;
import org.rlstenancy.core.IsolationFinding;
import org.rlstenancy.core.IsolationFinding.Severity;
import org.rlstenancy.core.IsolationVerifier;
import org.rlstenancy.core.internal.JsonText;

/** The outcome of one verification: where it ran, what it checked and what it found, as text or JSON. */
record Report(String database, String role, List<String> tables, List<IsolationFinding> findings) {

    long errors() {
        return count(Severity.ERROR);
    }

    long warnings() {
        return count(Severity.WARNING);
    }

    /** A header line, one line per finding and a summary line. */
    String text() {
        StringBuilder text = new StringBuilder().append("Database ").append(database).append(", role ").append(role)
                .append(": ").append(plural(tables.size(), "table")).append(" checked\n");
        if (findings.isEmpty()) {
            return text.append("no findings\n").toString();
        }
        return text.append(IsolationVerifier.report(findings)).append('\n').append(plural(errors(), "error"))
                .append(", ").append(plural(warnings(), "warning")).append('\n').toString();
    }

    /** One JSON object on one line. */
    String json() {
        return "{\"database\":" + string(database) + ",\"role\":" + string(role)
                + ",\"tables\":" + tables.stream().map(Report::string).collect(Collectors.joining(",", "[", "]"))
                + ",\"findings\":" + findings.stream().map(Report::json).collect(Collectors.joining(",", "[", "]"))
                + ",\"errors\":" + errors() + ",\"warnings\":" + warnings() + "}\n";
    }

    private static String json(IsolationFinding finding) {
        return "{\"severity\":" + string(finding.severity() == null ? null : finding.severity().name())
                + ",\"object\":" + string(finding.object()) + ",\"problem\":" + string(finding.problem())
                + ",\"fix\":" + string(finding.fix()) + "}";
    }

    /** {@code value} as a JSON string literal, or {@code null}. */
    static String string(String value) {
        return JsonText.quote(value);
    }

    private long count(Severity severity) {
        return findings.stream().filter(finding -> finding.severity() == severity).count();
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
