/** Liquibase change types for tenant isolation; built out in the migrations issue. */
package org.rlstenancy.liquibase;
