/** Implementation of the change types: catalog reads, the schema as a change will find it, rollback records. */
package org.rlstenancy.liquibase.internal;
