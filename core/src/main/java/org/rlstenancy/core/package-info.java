/**
 * Framework-free tenant isolation on PostgreSQL row-level security: {@link org.rlstenancy.core.TenantContext}
 * binds a tenant to the current unit of work, {@link org.rlstenancy.core.RlsDataSource} applies it to every
 * transaction, and {@link org.rlstenancy.core.TenantPolicySql} generates the policy DDL.
 */
package org.rlstenancy.core;
