/** Implementation details; not a public API. */
package org.rlstenancy.core.internal;
