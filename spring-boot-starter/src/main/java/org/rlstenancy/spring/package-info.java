/**
 * Spring Boot auto-configuration for row-level-security tenancy: Hibernate wiring, the tenant of each
 * authenticated request, and the tenant carried into {@code @Async} methods and Spring's executors.
 */
package org.rlstenancy.spring;
