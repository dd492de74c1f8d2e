package org.ptpmesh.conformance.trace;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a mutant of the implementation for a test, without a switch in production code: one
 * source file of impl is rewritten, compiled into a directory, and loaded ahead of the real
 * class by a child-first class loader that also loads the scenario, so the scenario runs the
 * mutated core.
 */
public final class MutantLoader {

    private MutantLoader() {
    }

    /**
     * @param source      the real source file (impl/core/src/main/java/...)
     * @param from        text to replace (must occur {@code occurrences} times, so a change of the
     *                    real source cannot silently turn the mutant into the original)
     * @param to          its replacement
     * @param work        where the mutant is compiled
     * @param alsoLoad    classes (scenario, implementation) whose locations the loader serves
     */
    public static ClassLoader mutate(Path source, String from, String to, int occurrences, Path work,
                              List<Class<?>> alsoLoad) throws IOException {
        String text = Files.readString(source, StandardCharsets.UTF_8);
        int found = text.split(Pattern.quote(from), -1).length - 1;
        if (found != occurrences) {
            throw new IllegalStateException(source + ": expected '" + from + "' " + occurrences + " times, found "
                    + found + "; update the mutant");
        }
        Path src = work.resolve("src");
        Path classes = work.resolve("classes");
        Files.createDirectories(src);
        Files.createDirectories(classes);
        Path mutated = src.resolve(source.getFileName());
        Files.writeString(mutated, text.replace(from, to), StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                mutated.toString());
        if (rc != 0) {
            throw new IllegalStateException("the mutant of " + source + " does not compile");
        }
        URL[] urls = new URL[alsoLoad.size() + 1];
        urls[0] = classes.toUri().toURL();
        for (int k = 0; k < alsoLoad.size(); k++) {
            urls[k + 1] = alsoLoad.get(k).getProtectionDomain().getCodeSource().getLocation();
        }
        return new ChildFirst(urls, MutantLoader.class.getClassLoader());
    }

    /** Loads ptpmesh's own classes itself (the mutant first); everything else from the parent. */
    private static final class ChildFirst extends URLClassLoader {

        ChildFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.ptpmesh.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        c = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
