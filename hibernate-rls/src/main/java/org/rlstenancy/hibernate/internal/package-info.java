/** Implementation details; not a public API. */
package org.rlstenancy.hibernate.internal;
