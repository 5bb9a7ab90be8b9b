/**
 * The command line: {@code java -jar rls-tenancy-cli.jar verify ...} runs
 * {@link org.rlstenancy.core.IsolationVerifier} as the application role and reports its findings as text or JSON.
 */
package org.rlstenancy.cli;
