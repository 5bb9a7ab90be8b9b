package org.rlstenancy.liquibase.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import liquibase.change.AddColumnConfig;
import liquibase.change.Change;
import liquibase.change.core.AddColumnChange;
import liquibase.change.core.AddNotNullConstraintChange;
import liquibase.change.core.DropColumnChange;
import liquibase.change.core.RawSQLChange;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.serializer.ChangeLogSerializer;
import liquibase.serializer.ChangeLogSerializerFactory;
import org.hibernate.mapping.Table;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantMode;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.liquibase.AddTenantSigningKeyChange;
import org.rlstenancy.liquibase.EnableTenantIsolationChange;
import org.rlstenancy.liquibase.EnableTenantSigningChange;
import org.rlstenancy.liquibase.GrantTenantAccessChange;
import org.rlstenancy.liquibase.TenantForeignKeyChange;

/**
 * Turns a {@link TenantModel} into changesets, in the order they must run: tenant columns added and filled, then (in
 * the signed mode) the signed mode and its key, then isolation per table, then tenant foreign keys, then grants; and
 * serializes them with Liquibase's own serializers.
 */
public final class ChangelogWriter {
    private final TenantModel model;
    private final String author;
    private final String settingName;
    private final String applicationRole;
    private final String signingKeyId;
    private final String secretProperty;
    private final List<ChangeSet> changeSets = new ArrayList<>();
    private final DatabaseChangeLog changeLog = new DatabaseChangeLog();

    /**
     * A writer for {@code model}; with a {@code signingKeyId}, in the signed mode, its key's secret read from the
     * changelog parameter {@code secretProperty}.
     */
    public ChangelogWriter(TenantModel model, String author, String settingName, String applicationRole,
            String signingKeyId, String secretProperty) {
        this.model = model;
        this.author = author;
        this.settingName = settingName;
        this.applicationRole = applicationRole;
        this.signingKeyId = signingKeyId;
        this.secretProperty = secretProperty;
    }

    /** The changelog in {@code format}: {@code yaml} or {@code xml}. */
    public String write(String format) {
        build();
        ChangeLogSerializer serializer = ChangeLogSerializerFactory.getInstance().getSerializer(format);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            serializer.write(changeSets, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void build() {
        changeSets.clear();
        for (TenantModel.TenantTable table : model.tenantTables()) {
            if (!table.hasColumn()) {
                addTenantColumn(table);
            }
        }
        if (signingKeyId != null) {
            EnableTenantSigningChange signing = new EnableTenantSigningChange();
            signing.setRoleName(applicationRole);
            AddTenantSigningKeyChange key = new AddTenantSigningKeyChange();
            key.setKeyId(signingKeyId);
            key.setSecretProperty(secretProperty);
            add("tenant-signing", signing, key);
        }
        for (TenantModel.TenantTable table : model.tenantTables()) {
            EnableTenantIsolationChange change = new EnableTenantIsolationChange();
            if (signingKeyId != null) {
                change.setMode(TenantMode.SIGNED.name().toLowerCase(Locale.ROOT));
            }
            change.setSchemaName(TenantModel.schema(table.table()));
            change.setTableName(TenantModel.name(table.table()));
            change.setColumnName(nonDefault(table.column(), TenantPolicySql.DEFAULT_COLUMN));
            change.setSettingName(nonDefault(settingName, RlsConfig.DEFAULT_SETTING_NAME));
            add("tenant-isolation-" + TenantModel.name(table.table()), change);
        }
        Map<String, TenantModel.TenantTable> byTable = new LinkedHashMap<>();
        model.tenantTables().forEach(t -> byTable.put(TenantModel.name(t.table()), t));
        for (TenantModel.TenantKey key : model.keys()) {
            if (!Objects.equals(TenantModel.schema(key.base()), TenantModel.schema(key.referenced()))) {
                continue;
            }
            TenantForeignKeyChange change = new TenantForeignKeyChange();
            change.setSchemaName(TenantModel.schema(key.base()));
            change.setBaseTableName(TenantModel.name(key.base()));
            change.setBaseColumnNames(String.join(", ", key.baseColumns()));
            change.setReferencedTableName(TenantModel.name(key.referenced()));
            change.setReferencedColumnNames(String.join(", ", key.referencedColumns()));
            change.setColumnName(nonDefault(byTable.get(TenantModel.name(key.base())).column(),
                    TenantPolicySql.DEFAULT_COLUMN));
            add("tenant-fk-" + TenantModel.name(key.base()) + "-" + String.join("-", key.baseColumns()), change);
        }
        if (applicationRole != null) {
            Map<String, List<Table>> bySchema = model.allTables().stream()
                    .collect(Collectors.groupingBy(t -> Objects.requireNonNullElse(TenantModel.schema(t), ""),
                            LinkedHashMap::new, Collectors.toList()));
            bySchema.forEach((schema, tables) -> {
                GrantTenantAccessChange change = new GrantTenantAccessChange();
                change.setRoleName(applicationRole);
                change.setSchemaName(schema.isEmpty() ? null : schema);
                change.setTableNames(tables.stream().map(TenantModel::name).collect(Collectors.joining(", ")));
                if (schema.isEmpty() && !model.sequences().isEmpty()) {
                    change.setSequenceNames(String.join(", ", model.sequences()));
                }
                add("grant-" + applicationRole + (schema.isEmpty() ? "" : "-" + schema), change);
            });
        }
    }

    /** Adds the column, fills it from the row it belongs to, then makes it NOT NULL; rollback drops it. */
    private void addTenantColumn(TenantModel.TenantTable table) {
        Table t = table.table();
        AddColumnChange addColumn = new AddColumnChange();
        addColumn.setSchemaName(TenantModel.schema(t));
        addColumn.setTableName(TenantModel.name(t));
        AddColumnConfig column = new AddColumnConfig();
        column.setName(table.column());
        column.setType(table.columnType());
        addColumn.addColumn(column);
        List<Change> changes = new ArrayList<>(List.of(addColumn));
        TenantModel.Backfill backfill = table.backfill();
        if (backfill != null) {
            StringBuilder join = new StringBuilder();
            for (int i = 0; i < backfill.columns().size(); i++) {
                join.append(i == 0 ? "" : " AND ").append("t.").append(TenantPolicySql.quote(backfill.columns().get(i)))
                        .append(" = s.").append(TenantPolicySql.quote(backfill.sourceColumns().get(i)));
            }
            String tenantColumn = TenantPolicySql.quote(table.column());
            changes.add(new RawSQLChange("UPDATE " + qualified(t) + " t SET " + tenantColumn + " = s." + tenantColumn
                    + " FROM "
                    + qualified(backfill.source()) + " s WHERE " + join));
        }
        AddNotNullConstraintChange notNull = new AddNotNullConstraintChange();
        notNull.setSchemaName(TenantModel.schema(t));
        notNull.setTableName(TenantModel.name(t));
        notNull.setColumnName(table.column());
        notNull.setColumnDataType(table.columnType());
        changes.add(notNull);
        ChangeSet changeSet = add("tenant-column-" + TenantModel.name(t), changes.toArray(Change[]::new));
        DropColumnChange drop = new DropColumnChange();
        drop.setSchemaName(TenantModel.schema(t));
        drop.setTableName(TenantModel.name(t));
        drop.setColumnName(table.column());
        changeSet.addRollbackChange(drop);
    }

    private ChangeSet add(String id, Change... changes) {
        ChangeSet changeSet = new ChangeSet(id, author, false, false, null, null, null, changeLog);
        for (Change change : changes) {
            changeSet.addChange(change);
        }
        changeSets.add(changeSet);
        return changeSet;
    }

    private static String qualified(Table table) {
        return SchemaView.qualified(TenantModel.schema(table), TenantModel.name(table));
    }

    private static String nonDefault(String value, String defaultValue) {
        return defaultValue.equals(value) ? null : value;
    }
}
