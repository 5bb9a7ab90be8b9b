/**
 * Proof of tenant isolation for an application's own model: {@link org.rlstenancy.testing.IsolationProof} from any
 * test framework, {@link org.rlstenancy.testing.IsolationProofExtension} for JUnit 5.
 */
package org.rlstenancy.testing;
