/**
 * Hibernate ORM integration: {@link org.rlstenancy.hibernate.RlsTenantIdentifierResolver} reads the tenant from
 * {@link org.rlstenancy.core.TenantContext} when a Session opens, and
 * {@link org.rlstenancy.hibernate.RlsMultiTenantConnectionProvider} hands that Session connections that apply the
 * tenant to every transaction. Settings are in {@link org.rlstenancy.hibernate.RlsSettings}.
 */
package org.rlstenancy.hibernate;
