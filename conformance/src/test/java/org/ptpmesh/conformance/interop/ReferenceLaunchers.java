package org.ptpmesh.conformance.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.ptpmesh.conformance.tla.SpecLocator;

/** The reference adapter as the interop tests run it, with launchers that use this build. */
final class ReferenceLaunchers {

    static final Path REPO = SpecLocator.find().orElseThrow().getParent();

    private ReferenceLaunchers() {
    }

    /** The tools module's launchers, generated when it is packaged. */
    private static final Path TOOLS_BIN = REPO.resolve("impl/tools/target/bin");

    /** Whether the tools are packaged (mvn verify packages them before this module's tests run). */
    static boolean available() {
        return Files.isExecutable(TOOLS_BIN.resolve("ptpserver")) && Files.isRegularFile(REPO.resolve("impl/tools/target/ptpmesh.jar"));
    }

    static final String UNAVAILABLE = "needs impl/tools/target/bin/ptpserver and impl/tools/target/ptpmesh.jar: run mvn package first"
            + " (mvn verify builds them before this module's tests)";

    /** The reference implementation: the shipped adapter, its PTP_BIN a directory of launchers under {@code bin}. */
    static Implementation reference(Path bin) throws Exception {
        return reference("ref", bin);
    }

    /** The same under another name in the matrix. */
    static Implementation reference(String name, Path bin) throws Exception {
        return new Implementation(name, "PTP_BIN=" + launchers(bin) + " " + REPO.resolve("conformance/adapters/reference"));
    }

    /**
     * The launchers the adapter calls: the tools' (packaged before this module's tests run), and a
     * ptpconform that runs this build's classes, since this module is packaged after its tests.
     */
    private static Path launchers(Path bin) throws Exception {
        Files.createDirectories(bin);
        for (String name : List.of("ptpserver", "ptpclient", "ptpmesh")) {
            script(bin.resolve(name), "exec '" + TOOLS_BIN.resolve(name) + "' \"$@\"");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // ${PTPMESH_JAVA_OPTS}, as bin/ptpconform: the adapter turns segmentation offload off there
        script(bin.resolve("ptpconform"), "exec '" + java + "' ${PTPMESH_JAVA_OPTS:-} --add-exports java.base/sun.nio.ch=ALL-UNNAMED -cp '"
                + System.getProperty("java.class.path") + "' org.ptpmesh.conformance.cli.PtpconformCommand \"$@\"");
        return bin;
    }

    private static void script(Path file, String command) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + command + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
