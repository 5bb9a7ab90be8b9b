package org.rlstenancy.benchmarks.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Every tenant with the ids of its tasks, read as the owner before measuring, so workloads pick ids of the
 * transaction's own tenant without asking the database. Shared by the worker threads, which only read it.
 */
public final class TenantIds {
    /** The tenant's task ids, from the plain table (the owner is bound by the RLS table's policy too). */
    public static final String ID_LOOKUP_SQL = "select id from " + TaskSchema.PLAIN_TABLE + " where tenant_id = ?";
    /** The share of transactions that go to the large tenant. */
    public static final double LARGE_TENANT_SHARE = 0.10;

    /** A tenant and the ids of its tasks at load time. */
    public record Tenant(UUID id, boolean large, long[] taskIds) {
        /** One of the tenant's task ids, uniformly. */
        public long randomTaskId(RandomGenerator random) {
            return taskIds[random.nextInt(taskIds.length)];
        }

        public int taskCount() {
            return taskIds.length;
        }
    }

    private final Tenant large;
    private final List<Tenant> small;

    private TenantIds(Tenant large, List<Tenant> small) {
        this.large = large;
        this.small = List.copyOf(small);
    }

    /** A tenant as the directory lists it: its id and whether it is the large one. */
    public record Listed(UUID id, boolean large) {
    }

    /** Reads the tenants and their task ids through {@code owner}. */
    public static TenantIds load(Connection owner) throws SQLException {
        List<Listed> listed = new ArrayList<>();
        try (Statement statement = owner.createStatement();
             ResultSet rs = statement.executeQuery("select id, large from tenant order by name")) {
            while (rs.next()) {
                listed.add(new Listed(rs.getObject(1, UUID.class), rs.getBoolean(2)));
            }
        }
        return load(owner, listed);
    }

    /**
     * The task ids of {@code listed}, read through {@code connection}, which may be of any role that reads the plain
     * table: so a process without the owner's directory (the Hibernate 8 worker) gets the very tenants, in the same
     * order, and with them the same requests for the same seed.
     */
    public static TenantIds load(Connection connection, List<Listed> listed) throws SQLException {
        Tenant large = null;
        List<Tenant> small = new ArrayList<>();
        try (PreparedStatement lookup = connection.prepareStatement(ID_LOOKUP_SQL)) {
            for (Listed each : listed) {
                Tenant tenant = new Tenant(each.id(), each.large(), taskIds(lookup, each.id()));
                if (tenant.large()) {
                    large = tenant;
                } else {
                    small.add(tenant);
                }
            }
        }
        if (large == null || small.isEmpty()) {
            throw new IllegalStateException("The tenant table needs one large tenant and at least one other");
        }
        return new TenantIds(large, small);
    }

    /** Every tenant as {@link Listed}, the large one first, then the others in order; {@link #load} takes it back. */
    public List<Listed> listed() {
        List<Listed> listed = new ArrayList<>();
        listed.add(new Listed(large.id(), true));
        small.forEach(tenant -> listed.add(new Listed(tenant.id(), false)));
        return listed;
    }

    private static long[] taskIds(PreparedStatement lookup, UUID tenant) throws SQLException {
        lookup.setObject(1, tenant);
        long[] ids = new long[64];
        int count = 0;
        try (ResultSet rs = lookup.executeQuery()) {
            while (rs.next()) {
                if (count == ids.length) {
                    ids = Arrays.copyOf(ids, count * 2);
                }
                ids[count++] = rs.getLong(1);
            }
        }
        return Arrays.copyOf(ids, count);
    }

    /** The tenant holding a tenth of all rows. */
    public Tenant large() {
        return large;
    }

    /** The other tenants. */
    public List<Tenant> small() {
        return small;
    }

    /** The large tenant with probability {@link #LARGE_TENANT_SHARE}, otherwise a small one, uniformly. */
    public Tenant pick(RandomGenerator random) {
        return random.nextDouble() < LARGE_TENANT_SHARE ? large : small.get(random.nextInt(small.size()));
    }
}
