/** The embedded PostgreSQL the demo runs on when no database is configured. */
package org.rlstenancy.sample.demo;
