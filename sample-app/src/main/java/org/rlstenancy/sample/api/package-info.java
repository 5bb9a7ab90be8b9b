/** The HTTP API: tokens, projects and tasks. */
package org.rlstenancy.sample.api;
