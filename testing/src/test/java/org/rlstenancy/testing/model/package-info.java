/** Entities of the proof tests. */
package org.rlstenancy.testing.model;
