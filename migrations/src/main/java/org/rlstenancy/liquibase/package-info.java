/**
 * Liquibase change types that put tables under tenant isolation ({@code enableTenantIsolation},
 * {@code grantTenantAccess}, {@code tenantForeignKey}), and a changelog generator for Hibernate models.
 */
package org.rlstenancy.liquibase;
