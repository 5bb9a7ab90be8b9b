/**
 * Extension points: for integrations that hand out tenant-bound connections from their own connection sources
 * ({@link org.rlstenancy.core.spi.TenantBinding}), and for metrics and logging that follow what the tenant machinery
 * does ({@link org.rlstenancy.core.spi.TenantEvents}).
 */
package org.rlstenancy.core.spi;
