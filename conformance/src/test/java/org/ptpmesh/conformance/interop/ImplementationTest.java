package org.ptpmesh.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --impl}: names the kit knows resolve to their adapters in bin/, NAME=COMMAND stays whole. */
class ImplementationTest {

    @Test
    void knownNamesResolveToTheAdaptersInBin(@TempDir Path bin) throws Exception {
        for (String adapter : List.of("ptpmesh-adapter", "ptptest2014-adapter")) {
            Files.writeString(bin.resolve(adapter), "#!/bin/sh\n");
            Files.setPosixFilePermissions(bin.resolve(adapter), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(Implementation.parseAll("reference,ptptest2014", () -> bin)).containsExactly(
                new Implementation("reference", bin.resolve("ptpmesh-adapter").toString()),
                new Implementation("ptptest2014", bin.resolve("ptptest2014-adapter").toString()));
    }

    @Test
    void nameEqualsCommandKeepsItsCommas() {
        assertThat(Implementation.parseAll("mine=./adapter --peers a,b", () -> {
            throw new AssertionError("bin/ is not needed for NAME=COMMAND");
        })).containsExactly(new Implementation("mine", "./adapter --peers a,b"));
    }

    @Test
    void anUnknownNameOrAMissingAdapterIsRefusedWithTheWayOut(@TempDir Path bin) {
        assertThatThrownBy(() -> Implementation.parseAll("reference,mine", () -> bin))
                .hasMessageContaining(bin.resolve("ptpmesh-adapter") + " not found: build with mvn -DskipTests package");
        assertThatThrownBy(() -> Implementation.named("mine", bin))
                .hasMessage("unknown implementation 'mine'; the kit knows reference, ptptest2014; or give NAME=COMMAND (e.g. mine=./my-adapter)");
    }
}
