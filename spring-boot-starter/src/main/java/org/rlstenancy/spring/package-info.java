/**
 * Spring Boot auto-configuration for row-level-security tenancy: Hibernate wiring, the tenant of each
 * authenticated request, the tenant carried into {@code @Async} methods and Spring's executors, and
 * {@link org.rlstenancy.spring.CrossTenantJdbc} for work over every tenant.
 */
package org.rlstenancy.spring;
