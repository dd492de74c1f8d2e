package org.ptpmesh.transfer.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunWriterTest {

    private static final int BLOCK = 1000;

    @TempDir
    Path dir;

    private final List<int[]> reported = new ArrayList<>();

    @Test
    void consecutiveBlocksLeaveAsOneRunAndAreReportedOnlyOnceWritten() throws Exception {
        try (FileChannel file = open(dir.resolve("a"))) {
            RunWriter writer = new RunWriter(file, (first, count) -> reported.add(new int[] {first, count}));
            for (int b = 0; b < 10; b++) {
                writer.write(b, (long) b * BLOCK, block(b), 0, BLOCK);
            }
            assertThat(reported).isEmpty();
            assertThat(file.size()).isZero();
            writer.flush();
            assertThat(reported).containsExactly(new int[] {0, 10});
            assertThat(contentOf(file, 10)).isEqualTo(expected(0, 10));
        }
    }

    @Test
    void aGapWritesTheRunOutFirst() throws Exception {
        try (FileChannel file = open(dir.resolve("b"))) {
            RunWriter writer = new RunWriter(file, (first, count) -> reported.add(new int[] {first, count}));
            writer.write(0, 0, block(0), 0, BLOCK);
            writer.write(1, BLOCK, block(1), 0, BLOCK);
            writer.write(5, 5L * BLOCK, block(5), 0, BLOCK);
            assertThat(reported).containsExactly(new int[] {0, 2});
            writer.write(2, 2L * BLOCK, block(2), 0, BLOCK);
            writer.flush();
            assertThat(reported).containsExactly(new int[] {0, 2}, new int[] {5, 1}, new int[] {2, 1});
        }
    }

    @Test
    void aFullRunIsWrittenBeforeTheNextBlock() throws Exception {
        int perRun = RunWriter.CAPACITY / BLOCK;
        try (FileChannel file = open(dir.resolve("c"))) {
            RunWriter writer = new RunWriter(file, (first, count) -> reported.add(new int[] {first, count}));
            for (int b = 0; b <= perRun; b++) {
                writer.write(b, (long) b * BLOCK, block(b), 0, BLOCK);
            }
            assertThat(reported).containsExactly(new int[] {0, perRun});
        }
    }

    /** Whatever the order blocks come in, after a flush the file holds each at its place and each was reported once. */
    @Property(tries = 200)
    void anyOrderEndsInTheSameFile(@ForAll @IntRange(min = 1, max = 600) int blocks, @ForAll long seed) throws Exception {
        // jqwik does not inject JUnit's @TempDir
        Path f = Files.createTempFile("ptpmesh-runwriter", ".part");
        int[] order = new int[blocks];
        Arrays.setAll(order, i -> i);
        Random random = new Random(seed);
        for (int i = blocks - 1; i > 0; i--) {
            // mostly in order, as on a real path: swap only now and then
            if (random.nextInt(8) == 0) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        int[] times = new int[blocks];
        try (FileChannel file = open(f)) {
            RunWriter writer = new RunWriter(file, (first, count) -> {
                for (int b = first; b < first + count; b++) {
                    times[b]++;
                }
            });
            for (int b : order) {
                writer.write(b, (long) b * BLOCK, block(b), 0, BLOCK);
            }
            writer.flush();
            assertThat(times).containsOnly(1);
            assertThat(contentOf(file, blocks)).isEqualTo(expected(0, blocks));
        } finally {
            Files.delete(f);
        }
    }

    private static FileChannel open(Path p) throws Exception {
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static byte[] block(int b) {
        byte[] d = new byte[BLOCK];
        new Random(b).nextBytes(d);
        return d;
    }

    private static byte[] expected(int from, int to) {
        ByteBuffer all = ByteBuffer.allocate((to - from) * BLOCK);
        for (int b = from; b < to; b++) {
            all.put(block(b));
        }
        return all.array();
    }

    private static byte[] contentOf(FileChannel file, int blocks) throws Exception {
        ByteBuffer all = ByteBuffer.allocate(blocks * BLOCK);
        file.read(all, 0);
        return all.array();
    }
}
