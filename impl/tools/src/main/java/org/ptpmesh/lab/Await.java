package org.ptpmesh.lab;

import java.util.function.BooleanSupplier;

/** Waits on the wall clock for something real networks take time to do. */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** Polls {@code condition} until it holds (true) or {@code timeoutMillis} passed (false). */
    public static boolean until(long timeoutMillis, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted while waiting", e);
            }
        }
        return true;
    }
}
