package org.ptpmesh.sim;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Puts a failing test's display name ("seed 31", "EASY -> HARD (seed 11)") in front of its
 * failure message. Maven reports a parameterized test by its index, not its display name, and a
 * simulator run is reproduced only by its seed: with this extension the seed is in the message.
 */
public final class SeedInFailure implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (failure instanceof AssertionError) {
            throw new AssertionError(context.getDisplayName() + ": " + failure.getMessage(), failure);
        }
        throw failure;
    }
}
