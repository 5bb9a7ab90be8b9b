package org.rlstenancy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rlstenancy.benchmarks.data.DataSize;

class BenchmarkOptionsTest {

    @Test
    void withoutOptionsItRunsTheFullDataOnAnEmbeddedServer() throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse().orElseThrow();

        assertThat(options.url()).isNull();
        assertThat(options.dataSize()).isEqualTo(DataSize.FULL);
        assertThat(options.rounds()).isEqualTo(5);
        assertThat(options.seconds()).isEqualTo(3);
        assertThat(options.json()).isEqualTo(BenchmarkOptions.DEFAULT_JSON);
        assertThat(options.workloads()).containsExactly(Workload.values());
        assertThat(options.threads()).containsExactly(1, 4);
        assertThat(options.poolSize()).isEqualTo(4);
        assertThat(options.h8Jar()).isNull();
    }

    @Test
    void h8AddsHibernate8sOwnRlsFromTheWorkerJar() throws Exception {
        assertThat(BenchmarkOptions.parse("--h8").orElseThrow().h8Jar()).isEqualTo(H8Worker.DEFAULT_JAR);
        assertThat(BenchmarkOptions.parse("--h8-jar", "/tmp/worker.jar").orElseThrow().h8Jar())
                .isEqualTo(Path.of("/tmp/worker.jar"));
        assertThatThrownBy(() -> BenchmarkOptions.parse("--h8", "--h8-jar", "/tmp/worker.jar"))
                .hasMessageContaining("--h8-jar already means --h8");
    }

    @Test
    void aSelectionOfWorkloadsAndThreadCountsIsMeasuredInTheOrderGiven() throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse("--workloads", "mixed, POINT", "--threads", "8,1")
                .orElseThrow();

        assertThat(options.workloads()).containsExactly(Workload.MIXED, Workload.POINT);
        assertThat(options.threads()).isEqualTo(List.of(8, 1));
        assertThat(options.poolSize()).isEqualTo(8);
    }

    @Test
    void quickMeansLessDataAndShorterSlices() throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse("--quick").orElseThrow();

        assertThat(options.dataSize()).isEqualTo(DataSize.QUICK);
        assertThat(options.seconds()).isLessThan(1);
        assertThat(options.warmupSeconds()).isLessThan(1);
    }

    @Test
    void tenantsAndRowsSetTheDataSizeOnTheirOwnOrOverQuick() throws Exception {
        assertThat(BenchmarkOptions.parse("--tenants", "10000", "--rows", "10000000").orElseThrow().dataSize())
                .isEqualTo(new DataSize(10_000, 10_000_000));
        assertThat(BenchmarkOptions.parse("--quick", "--tenants", "10000").orElseThrow().dataSize())
                .isEqualTo(new DataSize(10_000, 100_000));
        assertThat(BenchmarkOptions.parse("--rows", "2000000").orElseThrow().dataSize())
                .isEqualTo(new DataSize(1_000, 2_000_000));
        assertThatThrownBy(() -> BenchmarkOptions.parse("--rows", "1000001"))
                .hasMessageContaining("rows must be a positive multiple of 10, not 1000001");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--tenants", "1"))
                .hasMessageContaining("At least 2 tenants");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--tenants", "100", "--rows", "100"))
                .hasMessageContaining("every tenant needs a row");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--tenants", "many"))
                .hasMessageContaining("--tenants must be a positive whole number, not many");
    }

    @Test
    void explicitValuesWin() throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse("--quick", "--url", "jdbc:postgresql://127.0.0.1:5432/x",
                "--user", "admin", "--password", "secret", "--rounds", "7", "--seconds", "1.5", "--json", "out.json")
                .orElseThrow();

        assertThat(options.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/x");
        assertThat(options.user()).isEqualTo("admin");
        assertThat(options.password()).isEqualTo("secret");
        assertThat(options.rounds()).isEqualTo(7);
        assertThat(options.seconds()).isEqualTo(1.5);
        assertThat(options.json()).isEqualTo(Path.of("out.json"));
        assertThat(options.toString()).doesNotContain("secret");
        assertThat(BenchmarkOptions.parse("--url", "jdbc:postgresql://127.0.0.1:5432/x?user=admin&password=hidden&ssl=false")
                .orElseThrow().toString()).doesNotContain("hidden").contains("password=***&ssl=false");
    }

    @Test
    void helpAsksForNoRun() throws Exception {
        assertThat(BenchmarkOptions.parse("--help")).isEmpty();
    }

    @Test
    void wrongCommandLinesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> BenchmarkOptions.parse("--fast")).hasMessage("unknown option --fast");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--rounds")).hasMessage("option --rounds needs a value");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--rounds", "0"))
                .hasMessageContaining("--rounds must be a positive whole number");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--seconds", "soon"))
                .hasMessageContaining("--seconds must be a number");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--url", "postgres://localhost"))
                .hasMessageContaining("--url must be a PostgreSQL JDBC URL");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--user", "admin"))
                .hasMessage("--user and --password go with --url");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--json", "a", "--json", "b"))
                .hasMessage("option --json is given twice");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--workloads", "point,scan"))
                .hasMessage("--workloads: unknown workload 'scan'; known: point,page,insert,update,mixed");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--workloads", "point,,page"))
                .hasMessage("--workloads has an empty item in 'point,,page'");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--threads", "1,1")).hasMessage("--threads names '1' twice");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--threads", "0"))
                .hasMessageContaining("--threads must be a positive whole number");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--threads", "65"))
                .hasMessage("--threads must be at most 64, not 65");
    }

    @Test
    void aLinkLatencyAndPgbenchAreOptIn() throws Exception {
        BenchmarkOptions plain = BenchmarkOptions.parse().orElseThrow();
        assertThat(plain.linkLatencyMicros()).isNull();
        assertThat(plain.pgbench()).isFalse();

        BenchmarkOptions linked = BenchmarkOptions.parse("--link-latency-us", "200", "--pgbench").orElseThrow();
        assertThat(linked.linkLatencyMicros()).isEqualTo(200);
        assertThat(linked.pgbench()).isTrue();
        assertThat(BenchmarkOptions.parse("--link-latency-us", "0").orElseThrow().linkLatencyMicros()).isZero();
        assertThatThrownBy(() -> BenchmarkOptions.parse("--link-latency-us", "-1"))
                .hasMessage("--link-latency-us must be a whole number from 0 to 100000, not -1");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--link-latency-us", "0.2"))
                .hasMessageContaining("--link-latency-us must be a whole number");
    }
}
