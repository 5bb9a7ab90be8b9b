package org.rlstenancy.core.spi;

import java.util.Objects;

import org.rlstenancy.core.internal.TenantEventDispatch;

/**
 * The listeners told of tenant events. They are JVM-wide, as {@link org.rlstenancy.core.TenantContext} is: a
 * listener hears every data source and every thread. With none registered, nothing is measured or allocated for
 * them.
 */
public final class TenantEvents {
    private TenantEvents() {
    }

    /**
     * Adds {@code listener} until the returned registration is closed.
     *
     * @param listener the listener, told of the events of every thread from now on
     * @return the registration to close to remove it
     */
    public static Registration register(TenantEventListener listener) {
        TenantEventListener added = Objects.requireNonNull(listener, "listener");
        TenantEventDispatch.add(added);
        return new Registration(added);
    }

    /** A registered listener; {@link #close()} removes it. Closing twice does nothing. */
    public static final class Registration implements AutoCloseable {
        private final TenantEventListener listener;

        private Registration(TenantEventListener listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            TenantEventDispatch.remove(listener);
        }
    }
}
