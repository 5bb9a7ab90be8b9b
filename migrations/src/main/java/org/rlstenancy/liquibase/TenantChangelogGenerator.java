package org.rlstenancy.liquibase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.hibernate.boot.Metadata;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantIdType;
import org.rlstenancy.core.TenantMode;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.liquibase.internal.ChangelogWriter;
import org.rlstenancy.liquibase.internal.PersistenceUnitMetadata;
import org.rlstenancy.liquibase.internal.SigningKeys;
import org.rlstenancy.liquibase.internal.TenantModel;

/**
 * Writes a Liquibase changelog that puts every table of a Hibernate model that holds tenant data under tenant
 * isolation: tenant columns added where missing and filled from the row they belong to, {@code
 * enableTenantIsolation} per table, {@code tenantForeignKey} for each association between tenant tables, and {@code
 * grantTenantAccess} for the application role. The model is read without connecting to a database. In the
 * {@linkplain #mode signed mode} it starts with {@code enableTenantSigning} and {@code addTenantSigningKey}, and the
 * policies trust only the tenant the signed mode verified.
 *
 * <pre>
 * String yaml = TenantChangelogGenerator.forEntities(List.of(Project.class, Task.class))
 *         .applicationRole("app")
 *         .generate("yaml");
 * </pre>
 *
 * An entity holds tenant data when it or a superclass has a {@code @TenantId}, when its table maps the tenant
 * column, or, with {@link #everyEntity(boolean)}, always.
 */
public final class TenantChangelogGenerator {
    /**
     * The changelog parameter that holds the signing key's secret, in Base64, in a signed changelog. Liquibase's
     * changelog parameters include the environment, so the environment variable of this name is enough (a Java
     * system property or a Liquibase parameter of this name works too); the secret is never written into the
     * changelog.
     */
    public static final String SECRET_PROPERTY = "RLS_TENANCY_SIGNING_KEY";

    private final List<Class<?>> entities;
    private final String persistenceUnit;
    private final Map<String, Object> settings = new HashMap<>();
    private String tenantColumn = TenantPolicySql.DEFAULT_COLUMN;
    private TenantIdType tenantIdType = TenantIdType.UUID;
    private String settingName = RlsConfig.DEFAULT_SETTING_NAME;
    private String applicationRole;
    private String author = "rls-tenancy";
    private boolean everyEntity;
    private TenantMode mode = TenantMode.PLAIN;
    private String signingKeyId = "k1";

    private TenantChangelogGenerator(List<Class<?>> entities, String persistenceUnit) {
        this.entities = entities;
        this.persistenceUnit = persistenceUnit;
    }

    /**
     * A generator for these annotated entity classes.
     *
     * @param entities the annotated entity classes of the model, at least one
     * @return a generator with the defaults, until configured otherwise
     * @throws IllegalArgumentException if {@code entities} is empty
     */
    public static TenantChangelogGenerator forEntities(List<Class<?>> entities) {
        if (entities.isEmpty()) {
            throw new IllegalArgumentException("Give at least one entity class");
        }
        return new TenantChangelogGenerator(List.copyOf(entities), null);
    }

    /**
     * A generator for the persistence unit {@code name} of {@code META-INF/persistence.xml}.
     *
     * @param name the {@code <persistence-unit>}'s name
     * @return a generator with the defaults, until configured otherwise
     */
    public static TenantChangelogGenerator forPersistenceUnit(String name) {
        return new TenantChangelogGenerator(null, Objects.requireNonNull(name, "name"));
    }

    /**
     * The tenant column of tables that get one added, and the column that marks a tenant entity (tenant_id).
     *
     * @param column the column's name
     * @return this generator
     * @throws IllegalArgumentException if {@code column} is not a plain SQL identifier
     */
    public TenantChangelogGenerator tenantColumn(String column) {
        TenantPolicySql.quote(column);
        this.tenantColumn = column;
        return this;
    }

    /**
     * The type of added tenant columns when no {@code @TenantId} or tenant column of the model gives one (UUID).
     *
     * @param type the tenant id type, whose SQL type the added columns get
     * @return this generator
     */
    public TenantChangelogGenerator tenantIdType(TenantIdType type) {
        this.tenantIdType = Objects.requireNonNull(type, "type");
        return this;
    }

    /**
     * The setting that holds the current tenant ({@code app.tenant_id}).
     *
     * @param settingName a custom PostgreSQL setting, lower-case, with a dot
     * @return this generator
     * @throws IllegalArgumentException if the name is not a valid custom setting name
     */
    public TenantChangelogGenerator settingName(String settingName) {
        this.settingName = RlsConfig.defaults().withSettingName(settingName).settingName();
        return this;
    }

    /**
     * The role the application connects as; without one, no {@code grantTenantAccess} is written.
     *
     * @param role the application role's name
     * @return this generator
     * @throws IllegalArgumentException if {@code role} is not a plain SQL identifier
     */
    public TenantChangelogGenerator applicationRole(String role) {
        TenantPolicySql.quote(role);
        this.applicationRole = role;
        return this;
    }

    /**
     * The changesets' author ({@code rls-tenancy}).
     *
     * @param author the author every changeset names
     * @return this generator
     * @throws IllegalArgumentException if {@code author} is null or blank
     */
    public TenantChangelogGenerator author(String author) {
        if (author == null || author.isBlank()) {
            throw new IllegalArgumentException("The author must not be blank");
        }
        this.author = author;
        return this;
    }

    /**
     * True when every entity holds tenant data, even one with no tenant column mapped (false).
     *
     * @param everyEntity true to put every entity's table under tenant isolation
     * @return this generator
     */
    public TenantChangelogGenerator everyEntity(boolean everyEntity) {
        this.everyEntity = everyEntity;
        return this;
    }

    /**
     * {@link TenantMode#PLAIN} (the default) or {@link TenantMode#SIGNED}, which needs the
     * {@linkplain #applicationRole application role}.
     *
     * @param mode the mode the policies are written for
     * @return this generator
     */
    public TenantChangelogGenerator mode(TenantMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * The id of the signing key a signed changelog stores ({@code k1}), as Hibernate's rls.tenancy.signing_key_id.
     *
     * @param keyId 1 to 32 letters, digits, {@code _} or {@code -}
     * @return this generator
     * @throws IllegalArgumentException if the id is not valid
     */
    public TenantChangelogGenerator signingKeyId(String keyId) {
        this.signingKeyId = SigningKeys.checkKeyId(keyId);
        return this;
    }

    /**
     * A Hibernate setting for reading the model, such as a naming strategy.
     *
     * @param name the setting's key, such as {@code hibernate.physical_naming_strategy}
     * @param value its value, as Hibernate takes it
     * @return this generator
     */
    public TenantChangelogGenerator hibernateSetting(String name, Object value) {
        settings.put(Objects.requireNonNull(name, "name"), value);
        return this;
    }

    /**
     * The changelog as text, in {@code format}: {@code yaml} or {@code xml}.
     *
     * @param format {@code yaml} or {@code xml}, case-insensitive
     * @return the changelog
     * @throws IllegalArgumentException for another format, or for the signed mode without an application role
     */
    public String generate(String format) {
        String lower = format == null ? "" : format.toLowerCase(Locale.ROOT);
        if (!lower.equals("yaml") && !lower.equals("xml")) {
            throw new IllegalArgumentException("Unknown changelog format '" + format + "': use yaml or xml");
        }
        if (mode == TenantMode.SIGNED && applicationRole == null) {
            throw new IllegalArgumentException("The signed mode needs the application role: enableTenantSigning lets"
                    + " it call the signed mode's functions");
        }
        String keyId = mode == TenantMode.SIGNED ? signingKeyId : null;
        Function<Metadata, String> write = metadata -> new ChangelogWriter(
                TenantModel.read(metadata, tenantColumn, tenantIdType.sqlType(), everyEntity), author, settingName,
                applicationRole, keyId, SECRET_PROPERTY).write(lower);
        return entities != null ? PersistenceUnitMetadata.ofEntities(entities, settings, write)
                : PersistenceUnitMetadata.ofPersistenceUnit(persistenceUnit, settings, write);
    }

    /**
     * Writes the changelog to {@code file}, in YAML or XML after its extension (.yaml, .yml, .xml).
     *
     * @param file the file to write, replaced if it exists; missing parent directories are created
     * @throws IllegalArgumentException if the extension is none of those
     * @throws IOException if the file cannot be written
     */
    public void write(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String format = name.endsWith(".xml") ? "xml" : name.endsWith(".yaml") || name.endsWith(".yml") ? "yaml" : null;
        if (format == null) {
            throw new IllegalArgumentException("Cannot tell the format of '" + file + "': end it in .yaml or .xml");
        }
        String text = generate(format);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text);
    }
}
