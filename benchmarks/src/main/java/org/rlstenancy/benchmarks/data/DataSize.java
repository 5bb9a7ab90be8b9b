package org.rlstenancy.benchmarks.data;

/**
 * How much data to generate: {@code tenants} tenants and {@code rows} tasks, of which one tenant, the large one,
 * holds a tenth; the other tenants share the rest evenly.
 */
public record DataSize(int tenants, int rows) {
    /** 1,000 tenants, 1,000,000 tasks. */
    public static final DataSize FULL = new DataSize(1_000, 1_000_000);
    /** 100 tenants, 100,000 tasks. */
    public static final DataSize QUICK = new DataSize(100, 100_000);

    /** Every {@value}th row belongs to the large tenant. */
    static final int LARGE_TENANT_EVERY = 10;

    public DataSize {
        if (tenants < 2) {
            throw new IllegalArgumentException("At least 2 tenants are needed, not " + tenants);
        }
        if (rows <= 0 || rows % LARGE_TENANT_EVERY != 0) {
            throw new IllegalArgumentException("rows must be a positive multiple of " + LARGE_TENANT_EVERY + ", not "
                    + rows);
        }
        if (tenants - 1 > rows / LARGE_TENANT_EVERY * (LARGE_TENANT_EVERY - 1)) {
            throw new IllegalArgumentException(rows + " rows leave " + rows / LARGE_TENANT_EVERY * (LARGE_TENANT_EVERY
                    - 1) + " for the tenants other than the large one, fewer than the " + (tenants - 1) + " there"
                    + " are: every tenant needs a row");
        }
    }
}
