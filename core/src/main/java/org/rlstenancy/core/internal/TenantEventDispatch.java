package org.rlstenancy.core.internal;

import java.util.Arrays;
import java.util.function.Consumer;

import org.rlstenancy.core.spi.TenantEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the registered {@link TenantEventListener}s of an event. Callers check {@link #active()} first, so with no
 * listener nothing is timed or allocated.
 */
public final class TenantEventDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(TenantEventDispatch.class);
    private static final TenantEventListener[] NONE = new TenantEventListener[0];
    private static volatile TenantEventListener[] listeners = NONE;

    private TenantEventDispatch() {
    }

    public static synchronized void add(TenantEventListener listener) {
        TenantEventListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[listeners.length] = listener;
        listeners = grown;
    }

    /** Removes one registration of {@code listener}, if there is one. */
    public static synchronized void remove(TenantEventListener listener) {
        TenantEventListener[] current = listeners;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == listener) {
                TenantEventListener[] shrunk = new TenantEventListener[current.length - 1];
                System.arraycopy(current, 0, shrunk, 0, i);
                System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                listeners = shrunk.length == 0 ? NONE : shrunk;
                return;
            }
        }
    }

    public static boolean active() {
        return listeners.length != 0;
    }

    static void applied(String tenant, boolean folded, long nanos) {
        each(listener -> listener.tenantApplied(tenant, folded, nanos));
    }

    static void applyFailed(String tenant, boolean folded) {
        each(listener -> listener.tenantApplyFailed(tenant, folded));
    }

    public static void missing() {
        each(TenantEventListener::tenantMissing);
    }

    static void refused(String tenant, String table) {
        each(listener -> listener.rowLevelSecurityRefused(tenant, table));
    }

    public static void bound(Object tenantId) {
        each(listener -> listener.tenantBound(tenantId));
    }

    private static void each(Consumer<TenantEventListener> event) {
        for (TenantEventListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("Tenant event listener {} failed; the work goes on", listener, e);
            }
        }
    }
}
