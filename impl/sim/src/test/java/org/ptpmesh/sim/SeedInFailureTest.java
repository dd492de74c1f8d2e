package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

class SeedInFailureTest {

    private static ExtensionContext named(String displayName) {
        return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getDisplayName")) {
                        return displayName;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aFailedAssertionNamesTheSeed() {
        AssertionError failure = new AssertionError("expected DIRECT but was RELAY");
        assertThatThrownBy(() -> new SeedInFailure().handleTestExecutionException(named("seed 31"), failure))
                .isInstanceOf(AssertionError.class)
                .hasMessage("seed 31: expected DIRECT but was RELAY")
                .hasCause(failure);
    }

    @Test
    void otherExceptionsPassUnchanged() {
        IllegalStateException error = new IllegalStateException("boom");
        assertThatThrownBy(() -> new SeedInFailure().handleTestExecutionException(named("seed 31"), error)).isSameAs(error);
    }
}
