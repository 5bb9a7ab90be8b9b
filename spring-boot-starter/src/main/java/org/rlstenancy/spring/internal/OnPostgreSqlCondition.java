package org.rlstenancy.spring.internal;

import java.util.Locale;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Whether the starter wires RLS tenancy in, decided from {@code rls.tenancy.enabled} and the data source's JDBC URL
 * ({@code spring.datasource.url}, or the embedded database Spring Boot starts when there is none), without opening a
 * connection:
 * <ul>
 *   <li>{@code rls.tenancy.enabled=false}: off, with one log line.</li>
 *   <li>PostgreSQL ({@code jdbc:postgresql:}), or a URL that is not set and no embedded database on the class path
 *   (an application's own {@code DataSource} bean): on. The starter never backs off for PostgreSQL.</li>
 *   <li>An embedded test database (H2, HSQLDB, Derby): off, with one WARN line, unless
 *   {@code rls.tenancy.require-postgresql=true}, which makes it an error.</li>
 *   <li>Any other database: an error that says RLS Tenancy needs PostgreSQL and which setting turns it off.</li>
 * </ul>
 */
public final class OnPostgreSqlCondition extends SpringBootCondition {
    private static final Log log = LogFactory.getLog("org.rlstenancy.spring.RlsTenancyAutoConfiguration");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        if (!environment.getProperty("rls.tenancy.enabled", Boolean.class, true)) {
            log.info("RLS Tenancy is off: rls.tenancy.enabled=false; tenant isolation is not enforced");
            return ConditionOutcome.noMatch("rls.tenancy.enabled=false");
        }
        String url = environment.getProperty("spring.datasource.url");
        if (url == null || url.isBlank()) {
            url = embeddedUrl(context.getClassLoader());
            if (url == null) {
                return ConditionOutcome.match("no spring.datasource.url and no embedded database");
            }
        }
        String database = database(url);
        if (database == null) {
            return ConditionOutcome.match("the data source is PostgreSQL");
        }
        boolean embedded = database.equals("H2") || database.equals("HSQLDB") || database.equals("Derby");
        boolean require = environment.getProperty("rls.tenancy.require-postgresql", Boolean.class, false);
        if (!embedded || require) {
            throw new IllegalStateException("RLS Tenancy needs PostgreSQL, but the data source is " + database
                    + " (" + url + "). Set rls.tenancy.enabled=false to run without tenant isolation"
                    + (embedded ? ", or leave rls.tenancy.require-postgresql unset to let it back off on an"
                            + " embedded test database" : "")
                    + ".");
        }
        log.warn("RLS Tenancy is off: the data source is " + database + " (" + url + "), not PostgreSQL; tenant"
                + " isolation is not enforced. Set rls.tenancy.require-postgresql=true to make this an error");
        return ConditionOutcome.noMatch("the data source is " + database + ", not PostgreSQL");
    }

    /**
     * The URL of the embedded database Spring Boot would start without {@code spring.datasource.url}, in the order it
     * looks for them (H2, Derby, HSQLDB), or null when none is on the class path. Decided by the drivers' classes,
     * as Spring Boot 3.5 and 4 both decide, rather than with its {@code EmbeddedDatabaseConnection}, which moved
     * between them.
     */
    static String embeddedUrl(ClassLoader loader) {
        if (ClassUtils.isPresent("org.h2.Driver", loader)) {
            return "jdbc:h2:mem:testdb";
        }
        if (ClassUtils.isPresent("org.apache.derby.jdbc.EmbeddedDriver", loader)) {
            return "jdbc:derby:memory:testdb;create=true";
        }
        if (ClassUtils.isPresent("org.hsqldb.jdbc.JDBCDriver", loader)) {
            return "jdbc:hsqldb:mem:testdb";
        }
        return null;
    }

    /** The database of a JDBC URL, or null for PostgreSQL. */
    static String database(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:") || lower.startsWith("jdbc:tc:postgresql:")
                || lower.startsWith("jdbc:tc:postgis:")) {
            return null;
        }
        if (lower.startsWith("jdbc:h2:")) {
            return "H2";
        }
        if (lower.startsWith("jdbc:hsqldb:")) {
            return "HSQLDB";
        }
        if (lower.startsWith("jdbc:derby:")) {
            return "Derby";
        }
        String[] parts = lower.split(":");
        return parts.length > 1 && parts[0].equals("jdbc") ? parts[1] : "not a JDBC URL";
    }
}
