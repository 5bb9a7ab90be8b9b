package org.rlstenancy.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.rlstenancy.benchmarks.data.BenchmarkDatabase;
import org.rlstenancy.benchmarks.data.SigningSecret;
import org.rlstenancy.benchmarks.mode.Mode;
import org.rlstenancy.benchmarks.mode.TenancyMode;

/**
 * Every mode of this JVM ({@link Mode#inProcess()}), open, each on a HikariCP pool of its own of the same size; closing
 * closes them and their pools.
 */
final class OpenModes implements AutoCloseable {
    private final List<TenancyMode> modes = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();

    /** Opens every mode of this JVM; {@code signing} is the key the database holds for the signed mode. */
    static OpenModes open(BenchmarkDatabase database, int poolSize, SigningSecret signing) {
        return open(database, poolSize, signing, UnaryOperator.identity());
    }

    /**
     * As {@link #open(BenchmarkDatabase, int, SigningSecret)}, each pool's JDBC URL passed through {@code jdbcUrl}
     * first (to connect through a {@link org.rlstenancy.benchmarks.link.LatencyProxy}).
     */
    static OpenModes open(BenchmarkDatabase database, int poolSize, SigningSecret signing,
            UnaryOperator<String> jdbcUrl) {
        OpenModes open = new OpenModes();
        try {
            for (Mode mode : Mode.measured(false)) {
                HikariConfig config = database.appPoolConfig("benchmark-" + mode.label(), poolSize);
                config.setJdbcUrl(jdbcUrl.apply(config.getJdbcUrl()));
                HikariDataSource pool = new HikariDataSource(config);
                open.pools.add(pool);
                open.modes.add(mode.open(pool, signing));
            }
            return open;
        } catch (RuntimeException e) {
            open.close();
            throw e;
        }
    }

    /** The modes in {@link Mode} order. */
    List<TenancyMode> modes() {
        return List.copyOf(modes);
    }

    @Override
    public void close() {
        modes.forEach(TenancyMode::close);
        pools.forEach(HikariDataSource::close);
    }
}
