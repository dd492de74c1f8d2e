package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptpmesh wire} as its own process, where what matters cannot be seen in-process: the
 * heap a 100 MB line of input costs, and the bytes written under a locale that is not UTF-8.
 */
class WireCommandProcessTest {

    private static final long HUNDRED_MB = 100L << 20;

    @TempDir
    Path dir;

    @Test
    void aHundredMegabyteLineIsRefusedInASmallHeapAndTheNextLineDecoded() throws Exception {
        Ran ran = ptpmesh(List.of("-Xmx48m"), stdin -> {
            byte[] chunk = new byte[1 << 16];
            Arrays.fill(chunk, (byte) '0');
            for (long sent = 0; sent < HUNDRED_MB; sent += chunk.length) {
                stdin.write(chunk);
            }
            stdin.write(("\n" + WireCommandTest.BRIEF + "\n").getBytes(StandardCharsets.US_ASCII));
        }, "wire", "decode");

        assertThat(ran.exit()).as(ran.err()).isEqualTo(1);
        assertThat(ran.err()).isEmpty();
        List<String> lines = ran.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"error\":\"line_too_long\"").contains("\"line\":1")
                .contains("line 1: " + HUNDRED_MB + " bytes");
        assertThat(lines.get(1)).contains("\"message\":\"ECHO\"");
    }

    @Test
    void outputIsUtf8UnderAnAsciiLocaleSoNonAsciiTextComesBack() throws Exception {
        // OBJNAME "résumé 😀"
        String hex = "01640f72c3a973756dc3a920f09f98801806";
        Ran decoded = ptpmesh(List.of(), stdin -> stdin.write((hex + "\n").getBytes(StandardCharsets.US_ASCII)), "wire", "decode");
        // é is written as UTF-8 whatever the locale; the emoji as its escapes, as every character
        // outside the basic plane (Printable: one of them could be an invisible tag character)
        assertThat(decoded.out()).contains("\"text\":\"r\u00e9sum\u00e9 \\uD83D\\uDE00\"");
        Ran encoded = ptpmesh(List.of(), stdin -> stdin.write(decoded.out().getBytes(StandardCharsets.UTF_8)), "wire", "encode");
        assertThat(encoded.out().strip()).as(encoded.err()).isEqualTo(hex);
    }

    private interface Input {
        void writeTo(OutputStream stdin) throws IOException;
    }

    private record Ran(int exit, String out, String err) {
    }

    /** Runs the launcher's main class in the POSIX locale, where Java's default charset is ASCII. */
    private Ran ptpmesh(List<String> jvmOptions, Input input, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PtpmeshCommand.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG"));
        builder.environment().put("LC_ALL", "POSIX");
        Process process = builder.start();
        CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                input.writeTo(stdin);
            } catch (IOException e) {
                // the process ended before reading everything: its exit status and stderr say why
            }
        });
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("ptpmesh ends").isTrue();
        feeding.get(10, TimeUnit.SECONDS);
        return new Ran(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
