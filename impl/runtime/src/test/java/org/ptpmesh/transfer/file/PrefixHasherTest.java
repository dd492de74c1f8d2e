package org.ptpmesh.transfer.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.transfer.Sha256;
import org.ptpmesh.transfer.TransferDefaults;

/** Many receptions hash on a small shared pool, and one with nothing to hash costs no thread and no CPU. */
class PrefixHasherTest {

    @TempDir
    Path dir;

    @Test
    void fiftyReceptionsHashOnTheSharedPoolAndIdleOnesCostNothing() throws Exception {
        byte[] data = new byte[3_000_000];
        new Random(1).nextBytes(data);
        Path file = Files.write(dir.resolve("part"), data);
        List<FileChannel> channels = new ArrayList<>();
        List<PrefixHasher> hashers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            FileChannel c = FileChannel.open(file, StandardOpenOption.READ);
            channels.add(c);
            hashers.add(new PrefixHasher(c, data.length));
        }
        // the stored prefix grows in steps, as blocks arrive; half the receptions stop at a third
        for (long upTo = 100_000; upTo <= data.length; upTo += 100_000) {
            for (int i = 0; i < hashers.size(); i++) {
                hashers.get(i).storedUpTo(i % 2 == 0 ? upTo : Math.min(upTo, data.length / 3));
            }
        }
        assertThat(hashingThreads()).isLessThanOrEqualTo(TransferDefaults.HASHING_THREADS);
        for (int i = 0; i < hashers.size(); i += 2) {
            assertThat(hashers.get(i).digest()).isEqualTo(Sha256.of(data));
        }
        // the others wait for blocks that do not come: nothing runs for them
        long before = hashingCpuNanos();
        Thread.sleep(500);
        assertThat(hashingCpuNanos() - before).as("CPU of the hashing threads while nothing is stored").isLessThan(20_000_000);
        assertThat(hashingThreads()).isLessThanOrEqualTo(TransferDefaults.HASHING_THREADS);
        for (int i = 1; i < hashers.size(); i += 2) {
            hashers.get(i).stop();
        }
        for (FileChannel c : channels) {
            c.close();
        }
    }

    private static long hashingThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("ptpmesh-sha256")).count();
    }

    private static long hashingCpuNanos() {
        var mx = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("ptpmesh-sha256"))
                .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId()))).sum();
    }

    @Test
    void anEmptyFileHashesAtOnce() throws Exception {
        try (FileChannel c = FileChannel.open(Files.write(dir.resolve("empty"), new byte[0]), StandardOpenOption.READ)) {
            PrefixHasher h = new PrefixHasher(c, 0);
            h.storedUpTo(0);
            assertThat(h.digest()).isEqualTo(Sha256.of(new byte[0]));
        }
    }
}
