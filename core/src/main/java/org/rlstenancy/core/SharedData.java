package org.rlstenancy.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks data that belongs to no tenant: an entity whose table has no tenant column and no row-level security (a
 * lookup list such as types or specialties), or a repository interface over such entities. It is read and written
 * with no tenant, on connections that carry no tenant setting at all ({@link TenantContext#sharedData()}), so row-level
 * security still hides every tenant table's rows from it and refuses its writes there.
 *
 * <p>With Hibernate, the start-up check reports a {@code @SharedData} entity whose table has the tenant column as an
 * error. The Spring Boot starter runs the methods of a repository so marked, or of one whose entity is, in a
 * shared-data scope when no tenant is bound; with a tenant bound they run as any repository's, as that tenant.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SharedData {
}
