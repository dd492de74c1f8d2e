package org.ptpmesh.transfer.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.transfer.BlockSink;
import org.ptpmesh.transfer.BlockStore;
import org.ptpmesh.transfer.Offer;
import org.ptpmesh.transfer.Sha256;
import org.ptpmesh.transfer.TransferDefaults;
import org.ptpmesh.wire.PeerId;

class DirectoryStoreTest {

    @TempDir
    Path dir;

    private final PeerId from = PeerId.of(new byte[16]);
    private final byte[] data = new byte[10_000];

    {
        new Random(1).nextBytes(data);
    }

    private Offer offer(String name) {
        return new Offer(1, name, data.length, 1000, Sha256.of(data), new byte[32], Offer.Mode.PUSHED);
    }

    private BlockSink open(DirectoryStore store, String name) {
        BlockStore.Opening o = store.open(offer(name), from);
        assertThat(o).isInstanceOf(BlockStore.Accepted.class);
        return ((BlockStore.Accepted) o).sink();
    }

    private void write(BlockSink sink, int block) {
        sink.write(block, Arrays.copyOfRange(data, block * 1000, block * 1000 + 1000), 0, 1000);
    }

    @Test
    void blocksGoToAPartFileAndTheVerifiedObjectIntoPlace() throws Exception {
        BlockSink sink = open(new DirectoryStore(dir, false), "a.bin");
        for (int b = 9; b >= 0; b--) {
            write(sink, b);
        }
        assertThat(Files.exists(dir.resolve("a.bin"))).isFalse();
        assertThat(sink.verify(Sha256.of(data))).isTrue();
        sink.commit();
        assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(data);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.bin");
        }
    }

    @Test
    void aSuspendedTransferResumesFromTheJournal() {
        DirectoryStore store = new DirectoryStore(dir, false);
        BlockSink first = open(store, "r.bin");
        write(first, 2);
        write(first, 7);
        first.suspend();
        BlockSink second = open(new DirectoryStore(dir, false), "r.bin");
        assertThat(second.stored().get(2)).isTrue();
        assertThat(second.stored().get(7)).isTrue();
        assertThat(second.stored().get(3)).isFalse();
        for (int b = 0; b < 10; b++) {
            if (!second.stored().get(b)) {
                write(second, b);
            }
        }
        assertThat(second.verify(Sha256.of(data))).isTrue();
    }

    @Test
    void aJournalOfAnotherObjectStartsOver() {
        BlockSink first = open(new DirectoryStore(dir, false), "x.bin");
        write(first, 1);
        first.suspend();
        data[0] ^= 1;
        BlockSink second = open(new DirectoryStore(dir, false), "x.bin");
        assertThat(second.stored().get(1)).isFalse();
    }

    @Test
    void aJournalLongerThanItsObjectAllowsIsNotReadAndStartsOver() throws Exception {
        BlockSink first = open(new DirectoryStore(dir, false), "l.bin");
        write(first, 3);
        first.suspend();
        // ten blocks make at most ten entries; a journal of a million is damaged (or planted)
        Files.write(dir.resolve(".l.bin.journal"), new byte[4_000_000], java.nio.file.StandardOpenOption.APPEND);
        assertThat(open(new DirectoryStore(dir, false), "l.bin").stored().isEmpty()).isTrue();
    }

    @Test
    void aJournalWithoutItsPartFileIsNotBelieved() throws Exception {
        BlockSink first = open(new DirectoryStore(dir, false), "p.bin");
        write(first, 4);
        first.suspend();
        Files.delete(dir.resolve(".p.bin.part"));
        assertThat(open(new DirectoryStore(dir, false), "p.bin").stored().get(4)).isFalse();
    }

    @Test
    void anExistingFileIsRefusedUnlessForcedOrIdentical() throws Exception {
        Files.writeString(dir.resolve("e.bin"), "other");
        assertThat(new DirectoryStore(dir, false).open(offer("e.bin"), from))
                .isInstanceOfSatisfying(BlockStore.Refused.class, r -> assertThat(r.reason()).contains("--force"));
        assertThat(new DirectoryStore(dir, true).open(offer("e.bin"), from)).isInstanceOf(BlockStore.Accepted.class);
        Files.write(dir.resolve("same.bin"), data);
        assertThat(new DirectoryStore(dir, false).open(offer("same.bin"), from)).isInstanceOf(BlockStore.AlreadyPresent.class);
    }

    @Test
    void namesThatAreNotPlainFileNamesAreRefused() {
        DirectoryStore store = new DirectoryStore(dir, false);
        for (String bad : new String[] {"../up", "a/b", ".hidden", "..", "tab\tname", "c:\\x"}) {
            assertThat(store.open(offer(bad), from)).as(bad).isInstanceOf(BlockStore.Refused.class);
        }
        assertThat(dir.getParent().resolve("up")).doesNotExist();
    }

    @Test
    void anIntegrityFailureDeletesThePartAndTheJournal() throws Exception {
        BlockSink sink = open(new DirectoryStore(dir, false), "bad.bin");
        for (int b = 0; b < 10; b++) {
            sink.write(b, new byte[1000], 0, 1000);
        }
        assertThat(sink.verify(Sha256.of(data))).isFalse();
        sink.discard();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    /** What a reception of {@code blocks} of the 10 blocks needs: their bytes and their journal entries (and a header for a new journal). */
    private static long needed(int blocks, boolean newJournal) {
        return blocks * 1000L + 4L * blocks + (newJournal ? 48 : 0);
    }

    @Test
    void tooLittleFreeSpaceIsRefusedWithWhatIsNeededAndNothingIsCreated() throws Exception {
        long needed = needed(10, true);
        long margin = TransferDefaults.FREE_SPACE_MARGIN_BYTES;
        DirectoryStore full = new DirectoryStore(dir, false, d -> margin + needed - 1);
        BlockStore.Opening o = full.open(offer("big.bin"), from);
        assertThat(o).isInstanceOf(BlockStore.Refused.class);
        assertThat(((BlockStore.Refused) o).reason()).contains("not enough free space", needed + " bytes needed",
                (needed - 1) + " available", margin + " kept free");
        assertThat(Files.exists(dir.resolve(".big.bin.part"))).isFalse();
        assertThat(open(new DirectoryStore(dir, false, d -> margin + needed), "big.bin")).isNotNull();
    }

    @Test
    void theFreeSpaceNeededIsOnlyWhatAResumeStillLacks() {
        BlockSink sink = open(new DirectoryStore(dir, false), "r.bin");
        for (int b = 0; b < 6; b++) {
            write(sink, b);
        }
        sink.suspend();
        // 4 blocks of 1000 bytes are missing, and their 4 journal entries
        long needed = needed(4, false);
        long margin = TransferDefaults.FREE_SPACE_MARGIN_BYTES;
        assertThat(new DirectoryStore(dir, false, d -> margin + needed - 1).open(offer("r.bin"), from)).isInstanceOf(BlockStore.Refused.class);
        BlockSink resumed = open(new DirectoryStore(dir, false, d -> margin + needed), "r.bin");
        for (int b = 6; b < 10; b++) {
            write(resumed, b);
        }
        assertThat(resumed.verify(Sha256.of(data))).isTrue();
    }

    @Test
    void aCorruptedPrefixFailsTheCheckEvenWhenHashedBeside() throws Exception {
        BlockSink sink = open(new DirectoryStore(dir, false), "c.bin");
        for (int b = 0; b < 10; b++) {
            byte[] block = Arrays.copyOfRange(data, b * 1000, b * 1000 + 1000);
            if (b == 3) {
                block[17] ^= 1;
            }
            sink.write(b, block, 0, 1000);
        }
        assertThat(sink.verify(Sha256.of(data))).isFalse();
    }
}
