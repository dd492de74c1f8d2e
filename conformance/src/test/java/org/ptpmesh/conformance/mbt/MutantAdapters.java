package org.ptpmesh.conformance.mbt;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs an adapter on a mutated core: the adapter class is loaded by the mutant's class loader
 * (so it drives the mutated classes) and called reflectively, since its {@link ModelAdapter}
 * there is another class than ours.
 */
final class MutantAdapters {

    private MutantAdapters() {
    }

    /** Fresh adapters of {@code adapterClass} as {@code mutant} loads it, built from the initial state and {@code args}. */
    static Function<Map<String, Object>, ModelAdapter> fresh(ClassLoader mutant, Class<?> adapterClass, Object... args)
            throws ReflectiveOperationException {
        Class<?> adapter = mutant.loadClass(adapterClass.getName());
        Constructor<?> make = Arrays.stream(adapter.getDeclaredConstructors())
                .filter(c -> c.getParameterCount() == args.length + 1).findFirst()
                .orElseThrow(() -> new NoSuchMethodException(adapterClass + " with " + (args.length + 1) + " parameters"));
        Method apply = adapter.getMethod("apply", String.class, Map.class, Map.class);
        make.setAccessible(true);
        apply.setAccessible(true);
        return initial -> {
            Object[] all = new Object[args.length + 1];
            all[0] = initial;
            System.arraycopy(args, 0, all, 1, args.length);
            Object core = call(() -> make.newInstance(all));
            return (action, from, to) -> call(() -> apply.invoke(core, action, from, to));
        };
    }

    private interface Reflective {
        Object call() throws ReflectiveOperationException;
    }

    /** Rethrows what the adapter threw (an assertion failure is a failed test case). */
    private static Object call(Reflective call) {
        try {
            return call.call();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
