package org.ptpmesh.transfer.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.transfer.Sha256;
import org.ptpmesh.transfer.TransferEndpoint;

class DirectoryCatalogTest {

    @TempDir
    Path root;

    private final List<String> refusals = new ArrayList<>();
    private final List<String> hashed = new ArrayList<>();
    private final DirectoryCatalog.Listener listener = new DirectoryCatalog.Listener() {
        @Override
        public void hashing(String name, long done, long size) {
            hashed.add(name + " " + done + "/" + size);
        }

        @Override
        public void refused(String name, String why) {
            refusals.add(name + ": " + why);
        }
    };
    private DirectoryCatalog catalog;

    @AfterEach
    void close() throws Exception {
        if (catalog != null) {
            catalog.close();
        }
    }

    /** Runs each hashing job at once on the caller's thread, so a test sees its result on the next lookup. */
    private static class Inline extends AbstractExecutorService {
        private boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    private DirectoryCatalog open(Path dir) throws Exception {
        return open(dir, new Inline());
    }

    private DirectoryCatalog open(Path dir, ExecutorService hasher) throws Exception {
        catalog = DirectoryCatalog.open(dir, listener, hasher);
        return catalog;
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] read(TransferEndpoint.Shared shared) {
        byte[] all = new byte[(int) shared.source().size()];
        shared.source().read(0, all, all.length);
        return all;
    }

    private Path served() throws Exception {
        return Files.createDirectories(root.resolve("served"));
    }

    @Test
    void servesTheRegularFilesByNameWithTheirHash() throws Exception {
        Path dir = served();
        byte[] a = bytes(3_000_000, 1);
        byte[] b = bytes(10, 2);
        Files.write(dir.resolve("a.bin"), a);
        Files.write(dir.resolve("b.txt"), b);
        Files.write(dir.resolve("empty"), new byte[0]);
        DirectoryCatalog c = open(dir);
        assertThat(c.names()).containsExactly("a.bin", "b.txt", "empty");
        TransferEndpoint.Shared shared = c.lookup("a.bin");
        assertThat(shared.sha256()).isEqualTo(Sha256.of(a));
        assertThat(read(shared)).isEqualTo(a);
        assertThat(c.lookup("b.txt").sha256()).isEqualTo(Sha256.of(b));
        assertThat(c.lookup("empty").source().size()).isZero();
        assertThat(hashed).contains("a.bin 1048576/3000000", "a.bin 3000000/3000000");
        assertThat(refusals).isEmpty();
    }

    @Test
    void partFilesJournalsHiddenFilesAndDirectoriesAreNotServed() throws Exception {
        Path dir = served();
        Files.write(dir.resolve("ok.bin"), bytes(100, 3));
        Files.write(dir.resolve(".big.iso.part"), bytes(100, 4));
        Files.write(dir.resolve(".big.iso.journal"), bytes(100, 5));
        Files.write(dir.resolve(".hidden"), bytes(100, 6));
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub").resolve("inner.bin"), bytes(100, 7));
        DirectoryCatalog c = open(dir);
        assertThat(c.names()).containsExactly("ok.bin");
        for (String name : List.of(".big.iso.part", ".big.iso.journal", ".hidden", "sub", "sub/inner.bin", "", ".", "..")) {
            assertThat(c.lookup(name)).as(name).isNull();
        }
        assertThat(refusals).anyMatch(r -> r.startsWith(".hidden: ") && r.contains("starts with a dot"));
        assertThat(refusals).anyMatch(r -> r.startsWith("sub: ") && r.contains("no such regular file"));
        assertThat(refusals).anyMatch(r -> r.startsWith("sub/inner.bin: ") && r.contains("path separator"));
    }

    @Test
    void nothingOutsideTheDirectoryIsServedNeitherByDotsNorByLinks() throws Exception {
        Path dir = served();
        Path secret = Files.write(root.resolve("secret"), bytes(100, 8));
        Files.write(dir.resolve("inside.bin"), bytes(100, 9));
        Files.createSymbolicLink(dir.resolve("escape"), secret);
        Files.createSymbolicLink(dir.resolve("alias.bin"), dir.resolve("inside.bin"));
        Files.createSymbolicLink(dir.resolve("up"), root);
        DirectoryCatalog c = open(dir);
        assertThat(c.names()).containsExactly("inside.bin");
        for (String name : List.of("../secret", "..\\secret", "escape", "alias.bin", "up", "up/secret", root.resolve("secret").toString())) {
            assertThat(c.lookup(name)).as(name).isNull();
        }
        assertThat(c.names()).containsExactly("inside.bin");
    }

    @Test
    void aHardLinkToAFileOutsideTheDirectoryIsNotServed() throws Exception {
        Path dir = served();
        Path secret = Files.write(root.resolve("secret"), bytes(100, 17));
        Files.createLink(dir.resolve("looks-local.bin"), secret);
        Files.write(dir.resolve("own.bin"), bytes(100, 18));
        DirectoryCatalog c = open(dir);
        assertThat(c.names()).containsExactly("own.bin");
        assertThat(c.lookup("looks-local.bin")).isNull();
        assertThat(refusals).anyMatch(r -> r.startsWith("looks-local.bin: ") && r.contains("2 links"));
        // nor once it was served alone and a second link appeared later
        Files.createLink(root.resolve("elsewhere"), dir.resolve("own.bin"));
        assertThat(c.lookup("own.bin")).isNull();
    }

    @Test
    void aFifoOrOtherNonRegularFileIsNotServed() throws Exception {
        Path dir = served();
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        DirectoryCatalog c = open(dir);
        assertThat(c.names()).isEmpty();
        assertThat(c.lookup("pipe")).isNull();
        assertThat(refusals).anyMatch(r -> r.startsWith("pipe: ") && r.contains("no such regular file"));
    }

    @Test
    void aDirectoryReachedThroughALinkIsServed() throws Exception {
        Path dir = served();
        Files.write(dir.resolve("f.bin"), bytes(100, 10));
        Path link = Files.createSymbolicLink(root.resolve("link"), dir);
        assertThat(open(link).lookup("f.bin")).isNotNull();
    }

    @Test
    void aFileChangedSinceItWasHashedIsRefusedThenHashedAgain() throws Exception {
        Path dir = served();
        Path f = Files.write(dir.resolve("f.bin"), bytes(1000, 11));
        DirectoryCatalog c = open(dir);
        assertThat(c.lookup("f.bin")).isNotNull();
        byte[] changed = bytes(1000, 12);
        Files.write(f, changed);
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5_000));
        assertThat(c.lookup("f.bin")).isNull();
        assertThat(refusals).anyMatch(r -> r.startsWith("f.bin: changed since it was hashed"));
        // the inline hasher has run: the next fetch gets the new contents under the new hash
        TransferEndpoint.Shared now = c.lookup("f.bin");
        assertThat(now.sha256()).isEqualTo(Sha256.of(changed));
        assertThat(read(now)).isEqualTo(changed);
    }

    @Test
    void aFileOfAnotherSizeIsRefusedEvenWithTheSameModificationTime() throws Exception {
        Path dir = served();
        Path f = Files.write(dir.resolve("g.bin"), bytes(1000, 13));
        FileTime when = Files.getLastModifiedTime(f);
        DirectoryCatalog c = open(dir, new Inline() {
            @Override
            public void execute(Runnable command) {
                // never hashes: the refusal must come from the stamp alone
            }
        });
        Files.write(f, bytes(1001, 14));
        Files.setLastModifiedTime(f, when);
        assertThat(c.lookup("g.bin")).isNull();
        assertThat(c.lookup("g.bin")).isNull();
    }

    @Test
    void aFileAddedLaterIsHashedOnItsFirstLookupAndADeletedOneIsForgotten() throws Exception {
        Path dir = served();
        DirectoryCatalog c = open(dir);
        assertThat(c.names()).isEmpty();
        byte[] data = bytes(5000, 15);
        Path f = Files.write(dir.resolve("new.bin"), data);
        assertThat(c.lookup("new.bin")).isNull();
        assertThat(refusals).anyMatch(r -> r.startsWith("new.bin: not hashed yet"));
        assertThat(c.lookup("new.bin").sha256()).isEqualTo(Sha256.of(data));
        Files.delete(f);
        assertThat(c.lookup("new.bin")).isNull();
        assertThat(c.names()).isEmpty();
    }

    @Test
    void aClosedCatalogStopsItsHasherAndSourcesStayReadableForTransfersUnderWay() throws Exception {
        Path dir = served();
        byte[] data = bytes(2000, 16);
        Files.write(dir.resolve("h.bin"), data);
        ExecutorService hasher = Executors.newSingleThreadExecutor();
        DirectoryCatalog c = open(dir, hasher);
        TransferEndpoint.Shared shared = c.lookup("h.bin");
        assertThat(descriptorsOf(dir.resolve("h.bin"))).isEqualTo(1);
        c.close();
        catalog = null;
        assertThat(hasher.isShutdown()).isTrue();
        assertThat(descriptorsOf(dir.resolve("h.bin"))).isZero();
        assertThat(read(shared)).isEqualTo(data);
    }

    /** Open file descriptors of this process on {@code file} (Linux: /proc/self/fd). */
    private static long descriptorsOf(Path file) throws Exception {
        Path real = file.toRealPath();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (Exception gone) {
                    return false;
                }
            }).count();
        }
    }
}
