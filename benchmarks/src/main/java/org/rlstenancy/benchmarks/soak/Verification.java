package org.rlstenancy.benchmarks.soak;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.rlstenancy.benchmarks.data.BenchmarkDatabase;

/**
 * The database's side of the soak, read after the run: as the owner (bound by the policies, as the table forces row
 * level security), tenant by tenant, every row of the table; then, as the superuser, how many rows there are in all.
 * Each acknowledged write must be there exactly once, both rows under its own tenant; a write whose commit failed
 * must be there whole or not at all; and no row may be there that no write made.
 */
public record Verification(long rowsStored, long rowsOutsideEveryTenant, long acknowledged, long lost, long misplaced,
        long duplicated, long failedWrites, long failedButCommitted, long failedHalfThere, long unknownRows) {

    /** The label of part {@code part} (1 or 2) of the write {@code key}. */
    static String label(long key, int part) {
        return key + "#" + part;
    }

    /** Problems found: a lost, misplaced, duplicated, half-stored or unknown row, or a row outside every tenant. */
    public long losses() {
        return lost + misplaced + duplicated + failedHalfThere + unknownRows + rowsOutsideEveryTenant;
    }

    static Verification check(BenchmarkDatabase database, List<UUID> tenants, List<Soak.Writes> writes,
            SoakCounters counters, String table) throws SQLException {
        Map<Long, Stored> stored = new HashMap<>();
        long unknownRows = 0;
        long rowsStored = 0;
        try (Connection owner = database.ownerConnection()) {
            owner.setAutoCommit(false);
            owner.setReadOnly(true);
            try (PreparedStatement apply = owner.prepareStatement("select set_config('app.tenant_id', ?, true)");
                 PreparedStatement read = owner.prepareStatement("select label from " + table)) {
                read.setFetchSize(10_000);
                for (int tenantIndex = 0; tenantIndex < tenants.size(); tenantIndex++) {
                    apply.setString(1, tenants.get(tenantIndex).toString());
                    apply.execute();
                    try (ResultSet rs = read.executeQuery()) {
                        while (rs.next()) {
                            rowsStored++;
                            String label = rs.getString(1);
                            int hash = label.indexOf('#');
                            if (hash < 0 || label.endsWith("!")) {
                                unknownRows++;
                                counters.sample("row '" + label + "' of tenant " + tenants.get(tenantIndex)
                                        + " was written by no write of its own, or changed by another tenant");
                                continue;
                            }
                            long key = Long.parseLong(label.substring(0, hash));
                            int part = Integer.parseInt(label.substring(hash + 1));
                            stored.computeIfAbsent(key, k -> new Stored()).add(part, tenantIndex);
                        }
                    }
                    owner.commit();
                }
            }
        }
        long rowsInAll;
        try (Connection superuser = database.superuserConnection();
             Statement statement = superuser.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from " + table)) {
            rs.next();
            rowsInAll = rs.getLong(1);
        }
        long acknowledged = 0;
        long lost = 0;
        long misplaced = 0;
        long duplicated = 0;
        long failed = 0;
        long failedButCommitted = 0;
        long failedHalfThere = 0;
        for (Soak.Writes threadWrites : writes) {
            for (int i = 0; i < threadWrites.size(); i++) {
                long key = threadWrites.key(i);
                int tenantIndex = threadWrites.tenantIndex(i);
                Stored row = stored.remove(key);
                if (threadWrites.isAcknowledged(i)) {
                    acknowledged++;
                    if (row == null || row.copies(1) + row.copies(2) < 2) {
                        lost++;
                        counters.sample("acknowledged write " + key + " is missing");
                    } else if (row.foreignTenant(tenantIndex)) {
                        misplaced++;
                        counters.sample("acknowledged write " + key + " is stored under another tenant");
                    } else if (row.copies(1) > 1 || row.copies(2) > 1) {
                        duplicated++;
                        counters.sample("acknowledged write " + key + " is stored more than once");
                    }
                } else {
                    failed++;
                    if (row == null) {
                        continue;
                    }
                    if (row.copies(1) == 1 && row.copies(2) == 1 && !row.foreignTenant(tenantIndex)) {
                        // The commit reached the server, the answer did not reach the client.
                        failedButCommitted++;
                    } else {
                        failedHalfThere++;
                        counters.sample("failed write " + key + " is stored in part: " + row.copies(1) + " and "
                                + row.copies(2) + " copies");
                    }
                }
            }
        }
        for (Long key : stored.keySet()) {
            unknownRows++;
            counters.sample("rows of key " + key + " were written by no write");
        }
        return new Verification(rowsStored, rowsInAll - rowsStored, acknowledged, lost, misplaced, duplicated, failed,
                failedButCommitted, failedHalfThere, unknownRows);
    }

    /** How often each part of one write was found, and under which tenants. */
    private static final class Stored {
        private final int[] copies = new int[3];
        private int tenantIndex = -1;
        private boolean mixed;

        void add(int part, int tenant) {
            if (part >= 1 && part <= 2) {
                copies[part]++;
            }
            if (tenantIndex >= 0 && tenantIndex != tenant) {
                mixed = true;
            }
            tenantIndex = tenant;
        }

        int copies(int part) {
            return copies[part];
        }

        boolean foreignTenant(int expected) {
            return mixed || tenantIndex != expected;
        }
    }
}
