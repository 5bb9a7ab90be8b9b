package org.rlstenancy.testing;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs an {@link IsolationProof} after each test of the class that registers it, once the test has seeded both
 * tenants' data; a test whose proof fails fails with the list of failures.
 *
 * <pre>{@code
 * @RegisterExtension
 * IsolationProofExtension isolation = IsolationProofExtension.afterEach(() ->
 *         IsolationProof.of(sessionFactory).ownerDataSource(owner).tenants(ACME, GLOBEX));
 * }</pre>
 */
public final class IsolationProofExtension implements AfterEachCallback {
    private final Supplier<IsolationProof> proof;

    private IsolationProofExtension(Supplier<IsolationProof> proof) {
        this.proof = Objects.requireNonNull(proof, "proof");
    }

    /**
     * Proves isolation after each test, with the proof {@code proof} gives then.
     *
     * @param proof makes the proof, configured, after each test; not called after a test that failed
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static IsolationProofExtension afterEach(Supplier<IsolationProof> proof) {
        return new IsolationProofExtension(proof);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            proof.get().prove();
        }
    }
}
