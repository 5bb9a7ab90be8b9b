package org.rlstenancy.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.rlstenancy.benchmarks.data.DataSize;
import org.rlstenancy.benchmarks.data.TaskSchema;
import org.rlstenancy.benchmarks.data.TenantIds;
import org.rlstenancy.benchmarks.mode.Mode;

/** What a run measures against: versions, data and settings. Printed first and written with the results. */
record RunInfo(String postgresVersion, String server, Map<String, String> versions, long taskRows, long plainRows,
        long signedRows, int tenants, int largeTenantRows, int smallTenantMinRows, int smallTenantMaxRows,
        Map<String, String> serverSettings, Map<String, String> settings) {

    private static final List<String> SERVER_SETTINGS = List.of("max_connections", "shared_buffers", "work_mem",
            "effective_cache_size", "random_page_cost", "fsync", "synchronous_commit", "full_page_writes", "jit",
            "autovacuum", "max_parallel_workers_per_gather");

    /**
     * Reads versions, row counts (through {@code superuser}, which sees every tenant's rows) and server settings.
     */
    static RunInfo collect(String postgresVersion, String server, Connection superuser, TenantIds tenants,
            BenchmarkOptions options) throws SQLException {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        versions.put("hibernate", org.hibernate.Version.getVersionString());
        versions.put("postgresql-jdbc", org.postgresql.util.DriverInfo.DRIVER_VERSION);
        versions.put("hikaricp", mavenVersion("com.zaxxer", "HikariCP"));
        Map<String, String> settings = new LinkedHashMap<>();
        DataSize size = options.dataSize();
        settings.put("data", size.tenants() + " tenants, " + size.rows() + " rows");
        settings.put("modes", Mode.measured(options.h8Jar() != null).stream().map(Mode::label).collect(Collectors.joining(", "))
                + ", interleaved in each round");
        settings.put("workloads", options.workloads().stream().map(Workload::label)
                .collect(Collectors.joining(", ")));
        settings.put("pool size per mode", String.valueOf(options.poolSize()));
        settings.put("concurrency", options.threads().toString());
        settings.put("rounds", String.valueOf(options.rounds()));
        settings.put("seconds per slice", seconds(options.seconds()));
        settings.put("warm-up seconds per mode and workload", seconds(options.warmupSeconds()));
        settings.put("transactions on the large tenant", Math.round(TenantIds.LARGE_TENANT_SHARE * 100) + "%");
        settings.put("page size", String.valueOf(Workload.PAGE_SIZE));
        if (options.linkLatencyMicros() != null) {
            settings.put("link latency each way (us)", String.valueOf(options.linkLatencyMicros()));
        }
        int smallMin = tenants.small().stream().mapToInt(TenantIds.Tenant::taskCount).min().orElse(0);
        int smallMax = tenants.small().stream().mapToInt(TenantIds.Tenant::taskCount).max().orElse(0);
        return new RunInfo(postgresVersion, server, versions, count(superuser, TaskSchema.RLS_TABLE),
                count(superuser, TaskSchema.PLAIN_TABLE), count(superuser, TaskSchema.SIGNED_TABLE),
                tenants.small().size() + 1, tenants.large().taskCount(),
                smallMin, smallMax, serverSettings(superuser), settings);
    }

    /** The header lines printed before measuring, after the server's version. */
    List<String> lines() {
        return List.of(
                "versions: " + versions.toString().replaceAll("[{}]", ""),
                "rows: " + TaskSchema.RLS_TABLE + " " + taskRows + ", " + TaskSchema.PLAIN_TABLE + " " + plainRows
                        + ", " + TaskSchema.SIGNED_TABLE + " " + signedRows + "; " + tenants + " tenants: the large one "
                        + largeTenantRows + " rows, the others " + smallTenantMinRows + " to " + smallTenantMaxRows
                        + " rows each",
                "settings: " + settings.toString().replaceAll("[{}]", ""),
                "server settings: " + serverSettings.toString().replaceAll("[{}]", ""));
    }

    private static long count(Connection superuser, String table) throws SQLException {
        try (PreparedStatement statement = superuser.prepareStatement("select count(*) from " + table);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, String> serverSettings(Connection superuser) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (PreparedStatement statement = superuser.prepareStatement(
                "select name, current_setting(name) from pg_settings where name = any (?) order by name")) {
            statement.setArray(1, superuser.createArrayOf("text", SERVER_SETTINGS.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    settings.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return settings;
    }

    private static String mavenVersion(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = RunInfo.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }
}
