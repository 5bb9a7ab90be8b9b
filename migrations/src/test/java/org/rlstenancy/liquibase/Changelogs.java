package org.rlstenancy.liquibase;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.rlstenancy.core.testsupport.TestDatabase;

/** Writes one changelog in XML, YAML or JSON from the same changes, and fingerprints the catalog. */
final class Changelogs {
    enum Format { XML, YAML, JSON }

    /** One change: its type and attributes, in order. */
    record Change(String type, Map<String, String> attributes) {
        static Change of(String type, String... keyValues) {
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < keyValues.length; i += 2) {
                attributes.put(keyValues[i], keyValues[i + 1]);
            }
            return new Change(type, attributes);
        }
    }

    /** A changeset: its id and changes. */
    record ChangeSet(String id, List<Change> changes) {
        static ChangeSet of(String id, Change... changes) {
            return new ChangeSet(id, List.of(changes));
        }
    }

    private Changelogs() {
    }

    static String fileName(String base, Format format) {
        return base + "." + format.name().toLowerCase();
    }

    static String text(Format format, ChangeSet... changeSets) {
        return switch (format) {
            case XML -> xml(changeSets);
            case YAML -> yaml(changeSets);
            case JSON -> json(changeSets);
        };
    }

    private static String xml(ChangeSet... changeSets) {
        StringBuilder out = new StringBuilder("""
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                    xmlns:rls="http://www.liquibase.org/xml/ns/dbchangelog-ext"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog \
                http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
                """);
        for (ChangeSet changeSet : changeSets) {
            out.append("  <changeSet id=\"").append(changeSet.id()).append("\" author=\"test\">\n");
            for (Change change : changeSet.changes()) {
                out.append("    <rls:").append(change.type());
                change.attributes().forEach((k, v) -> out.append(' ').append(k).append("=\"")
                        .append(v.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;")).append('"'));
                out.append("/>\n");
            }
            out.append("  </changeSet>\n");
        }
        return out.append("</databaseChangeLog>\n").toString();
    }

    private static String yaml(ChangeSet... changeSets) {
        StringBuilder out = new StringBuilder("databaseChangeLog:\n");
        for (ChangeSet changeSet : changeSets) {
            out.append("  - changeSet:\n      id: ").append(changeSet.id()).append("\n      author: test\n")
                    .append("      changes:\n");
            for (Change change : changeSet.changes()) {
                out.append("        - ").append(change.type()).append(":\n");
                change.attributes().forEach((k, v) -> out.append("            ").append(k).append(": ")
                        .append(jsonString(v)).append('\n'));
            }
        }
        return out.toString();
    }

    private static String json(ChangeSet... changeSets) {
        List<String> sets = new ArrayList<>();
        for (ChangeSet changeSet : changeSets) {
            String changes = changeSet.changes().stream()
                    .map(change -> "{" + jsonString(change.type()) + ": {" + change.attributes().entrySet().stream()
                            .map(e -> jsonString(e.getKey()) + ": " + jsonString(e.getValue()))
                            .collect(Collectors.joining(", ")) + "}}")
                    .collect(Collectors.joining(", "));
            sets.add("{\"changeSet\": {\"id\": " + jsonString(changeSet.id()) + ", \"author\": \"test\", \"changes\": ["
                    + changes + "]}}");
        }
        return "{\"databaseChangeLog\": [" + String.join(",\n", sets) + "]}\n";
    }

    private static String jsonString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * A YAML changelog: changeset {@code setup} running {@code setupSql}, then changesets {@code change1},
     * {@code change2}, ..., each with one of {@code changes}, written as a YAML flow map.
     */
    static String withSetup(String setupSql, String... changes) {
        StringBuilder text = new StringBuilder("""
                databaseChangeLog:
                  - changeSet:
                      id: setup
                      author: test
                      changes:
                        - sql:
                            sql: |
                """);
        setupSql.lines().forEach(line -> text.append("                  ").append(line).append('\n'));
        for (int i = 0; i < changes.length; i++) {
            text.append("""
                      - changeSet:
                          id: change%d
                          author: test
                          changes:
                            - %s
                    """.formatted(i + 1, changes[i]));
        }
        return text.toString();
    }

    /**
     * SQL creating {@code project (id, tenant_id, name)} and {@code task (id, tenant_id, project_id)}, with no key
     * between them, then running {@code extraSql}.
     */
    static String projectAndTask(String project, String task, String... extraSql) {
        StringBuilder sql = new StringBuilder()
                .append("CREATE TABLE ").append(project)
                .append(" (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, name text);\n")
                .append("CREATE TABLE ").append(task)
                .append(" (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, project_id bigint);\n");
        for (String extra : extraSql) {
            sql.append(extra).append(";\n");
        }
        return sql.toString();
    }

    /**
     * Everything the change types touch in schema public: RLS flags, policies and their comments, indexes,
     * constraints, column defaults, and the application role's table and sequence privileges.
     */
    static List<String> fingerprint(TestDatabase db) throws SQLException {
        List<String> state = new ArrayList<>();
        state.addAll(Catalogs.rows(db, "SELECT 'table', relname, relrowsecurity, relforcerowsecurity FROM pg_class"
                + " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname"));
        state.addAll(Catalogs.rows(db, "SELECT 'policy', tablename, policyname, permissive, cmd, qual, with_check,"
                + " obj_description(p.oid, 'pg_policy') FROM pg_policies pp JOIN pg_policy p"
                + " ON p.polname = pp.policyname AND p.polrelid = (quote_ident(pp.schemaname) || '.'"
                + " || quote_ident(pp.tablename))::regclass WHERE schemaname = 'public' ORDER BY 2, 3"));
        state.addAll(Catalogs.rows(db, "SELECT 'index', indexdef FROM pg_indexes WHERE schemaname = 'public'"
                + " ORDER BY indexname"));
        state.addAll(Catalogs.rows(db, "SELECT 'constraint', conrelid::regclass, conname, pg_get_constraintdef(oid),"
                + " obj_description(oid, 'pg_constraint') FROM pg_constraint"
                + " WHERE connamespace = 'public'::regnamespace ORDER BY 2, 3"));
        state.addAll(Catalogs.rows(db, "SELECT 'default', table_name, column_name, column_default"
                + " FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 2, 3"));
        state.addAll(Catalogs.rows(db, "SELECT 'grant', c.relname, p.privilege,"
                + " has_table_privilege(?, c.oid, p.privilege) FROM pg_class c, (VALUES ('SELECT'), ('INSERT'),"
                + " ('UPDATE'), ('DELETE'), ('TRUNCATE'), ('REFERENCES'), ('TRIGGER')) p(privilege)"
                + " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 2, 3", db.appRole()));
        state.addAll(Catalogs.rows(db, "SELECT 'sequence', relname, has_sequence_privilege(?, oid, 'USAGE')"
                + " FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'S' ORDER BY 2",
                db.appRole()));
        state.removeIf(row -> row.contains("databasechangelog"));
        return state;
    }
}
