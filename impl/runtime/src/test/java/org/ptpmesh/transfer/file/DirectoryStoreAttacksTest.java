package org.ptpmesh.transfer.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.transfer.BlockSink;
import org.ptpmesh.transfer.BlockStore;
import org.ptpmesh.transfer.Offer;
import org.ptpmesh.transfer.Sha256;
import org.ptpmesh.transfer.TransferDefaults;
import org.ptpmesh.transfer.TransferStorageException;
import org.ptpmesh.wire.PeerId;

/**
 * What someone who can write into the receive directory (a shared incoming directory) can make a
 * receiver do: never write, truncate or replace anything but its own files in it.
 */
class DirectoryStoreAttacksTest {

    private static final byte[] PRECIOUS = "precious, outside the receive directory".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    private Path dir;
    private Path victim;
    private final PeerId from = PeerId.of(new byte[16]);
    private final byte[] data = new byte[10_000];

    {
        new Random(2).nextBytes(data);
    }

    @BeforeEach
    void directories() throws Exception {
        dir = Files.createDirectories(root.resolve("incoming"));
        victim = Files.write(root.resolve("victim"), PRECIOUS);
    }

    private Offer offer(String name) {
        return new Offer(1, name, data.length, 1000, Sha256.of(data), new byte[32], Offer.Mode.PUSHED);
    }

    private BlockSink accepted(DirectoryStore store, String name) {
        BlockStore.Opening o = store.open(offer(name), from);
        assertThat(o).isInstanceOf(BlockStore.Accepted.class);
        return ((BlockStore.Accepted) o).sink();
    }

    private void write(BlockSink sink, int block) {
        sink.write(block, Arrays.copyOfRange(data, block * 1000, block * 1000 + 1000), 0, 1000);
    }

    private void writeAll(BlockSink sink) {
        for (int b = 0; b < 10; b++) {
            if (!sink.stored().get(b)) {
                write(sink, b);
            }
        }
    }

    private void assertVictimUntouched() throws Exception {
        assertThat(Files.readAllBytes(victim)).isEqualTo(PRECIOUS);
    }

    private String[] filesInDir() throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void aLinkPlantedAtThePartFileIsRefusedAndNothingOutsideIsWritten() throws Exception {
        Files.createSymbolicLink(dir.resolve(".a.bin.part"), victim);
        Files.createSymbolicLink(dir.resolve(".b.bin.part"), root.resolve("created-outside"));
        for (String name : new String[] {"a.bin", "b.bin"}) {
            assertThat(new DirectoryStore(dir, true).open(offer(name), from)).as(name)
                    .isInstanceOfSatisfying(BlockStore.Refused.class, r -> assertThat(r.reason()).contains("." + name + ".part", "link"));
        }
        assertVictimUntouched();
        assertThat(root.resolve("created-outside")).doesNotExist();
        assertThat(Files.isSymbolicLink(dir.resolve(".a.bin.part"))).isTrue();
    }

    @Test
    void aLinkPlantedAtTheJournalIsRefusedAndNothingOutsideIsTruncated() throws Exception {
        Files.createSymbolicLink(dir.resolve(".fresh.bin.journal"), victim);
        assertThat(new DirectoryStore(dir, false).open(offer("fresh.bin"), from)).isInstanceOf(BlockStore.Refused.class);
        // a transfer under way, whose journal is swapped for a link while it is suspended
        BlockSink first = accepted(new DirectoryStore(dir, false), "resumed.bin");
        write(first, 3);
        first.suspend();
        Path journal = dir.resolve(".resumed.bin.journal");
        Files.delete(journal);
        Files.createSymbolicLink(journal, victim);
        assertThat(new DirectoryStore(dir, false).open(offer("resumed.bin"), from))
                .isInstanceOfSatisfying(BlockStore.Refused.class, r -> assertThat(r.reason()).contains(".resumed.bin.journal"));
        assertVictimUntouched();
    }

    @Test
    void aPartFileWithASecondLinkIsNotWrittenThrough() throws Exception {
        BlockSink first = accepted(new DirectoryStore(dir, false), "h.bin");
        write(first, 0);
        first.suspend();
        Path part = dir.resolve(".h.bin.part");
        Files.delete(part);
        Files.createLink(part, victim);
        assertThat(new DirectoryStore(dir, false).open(offer("h.bin"), from))
                .isInstanceOfSatisfying(BlockStore.Refused.class, r -> assertThat(r.reason()).contains("2 links"));
        assertVictimUntouched();
    }

    @Test
    void aLinkAtTheFinalNameIsNeitherFollowedNorReplacedEvenWithForce() throws Exception {
        Files.write(victim, data);
        Files.createSymbolicLink(dir.resolve("same.bin"), victim);
        // the link's target holds the very object: still not "already here", as it is not in the directory
        assertThat(new DirectoryStore(dir, false).open(offer("same.bin"), from)).isInstanceOf(BlockStore.Refused.class);
        Files.write(victim, PRECIOUS);
        assertThat(new DirectoryStore(dir, true).open(offer("same.bin"), from))
                .isInstanceOfSatisfying(BlockStore.Refused.class, r -> assertThat(r.reason()).contains("symbolic link"));
        assertVictimUntouched();
        assertThat(filesInDir()).containsExactly("same.bin");
    }

    @Test
    void aFileThatAppearsAtTheFinalNameDuringTheTransferIsNotReplaced() throws Exception {
        BlockSink sink = accepted(new DirectoryStore(dir, false), "race.bin");
        writeAll(sink);
        assertThat(sink.verify(Sha256.of(data))).isTrue();
        Files.writeString(dir.resolve("race.bin"), "written by someone else meanwhile");
        assertThatThrownBy(sink::commit).isInstanceOf(TransferStorageException.class).hasMessageContaining("--force");
        assertThat(Files.readString(dir.resolve("race.bin"))).isEqualTo("written by someone else meanwhile");
        // the verified object stays resumable: run again with --force and nothing travels again
        BlockSink forced = accepted(new DirectoryStore(dir, true), "race.bin");
        for (int b = 0; b < 10; b++) {
            assertThat(forced.stored().get(b)).isTrue();
        }
        assertThat(forced.verify(Sha256.of(data))).isTrue();
        forced.commit();
        assertThat(Files.readAllBytes(dir.resolve("race.bin"))).isEqualTo(data);
        assertThat(filesInDir()).containsExactly("race.bin");
    }

    @Test
    void aLinkThatAppearsAtTheFinalNameDuringTheTransferIsNotReplaced() throws Exception {
        BlockSink sink = accepted(new DirectoryStore(dir, false), "l.bin");
        writeAll(sink);
        assertThat(sink.verify(Sha256.of(data))).isTrue();
        Files.createSymbolicLink(dir.resolve("l.bin"), victim);
        assertThatThrownBy(sink::commit).isInstanceOf(TransferStorageException.class);
        assertThat(Files.readSymbolicLink(dir.resolve("l.bin"))).isEqualTo(victim);
        assertVictimUntouched();
    }

    @Test
    void aRefusedOfferLeavesNoFileBehind() throws Exception {
        long justTooLittle = TransferDefaults.FREE_SPACE_MARGIN_BYTES + data.length - 1;
        assertThat(new DirectoryStore(dir, false, d -> justTooLittle).open(offer("big.bin"), from))
                .isInstanceOf(BlockStore.Refused.class);
        Files.writeString(dir.resolve("taken.bin"), "other");
        assertThat(new DirectoryStore(dir, false).open(offer("taken.bin"), from)).isInstanceOf(BlockStore.Refused.class);
        assertThat(filesInDir()).containsExactly("taken.bin");
    }

    @Test
    void concurrentOffersCannotPromiseTheSameFreeSpaceTwice() throws Exception {
        // room for one object and a half, beyond the margin kept free
        DirectoryStore store = new DirectoryStore(dir, false, d -> TransferDefaults.FREE_SPACE_MARGIN_BYTES + 15_000);
        BlockSink first = accepted(store, "one.bin");
        assertThat(store.open(offer("two.bin"), from))
                .isInstanceOfSatisfying(BlockStore.Refused.class, r -> assertThat(r.reason()).contains("under way"));
        assertThat(filesInDir()).containsExactly(".one.bin.journal", ".one.bin.part");
        writeAll(first);
        assertThat(first.verify(Sha256.of(data))).isTrue();
        first.commit();
        // the first reception is done: its promise is released
        accepted(store, "two.bin").discard();
    }

    @Test
    void aSecondOfferOfAnotherObjectUnderTheSameNameWaitsForTheFirstToEnd() throws Exception {
        DirectoryStore store = new DirectoryStore(dir, false);
        BlockSink first = accepted(store, "same.bin");
        write(first, 0);
        byte[] other = data.clone();
        other[0] ^= 1;
        Offer impostor = new Offer(2, "same.bin", other.length, 1000, Sha256.of(other), new byte[32], Offer.Mode.PUSHED);
        assertThat(store.open(impostor, from))
                .isInstanceOfSatisfying(BlockStore.Refused.class, r -> assertThat(r.reason()).contains("being received"));
        writeAll(first);
        assertThat(first.verify(Sha256.of(data))).isTrue();
        first.commit();
        assertThat(Files.readAllBytes(dir.resolve("same.bin"))).isEqualTo(data);
    }

    @Test
    void anAcceptedOfferThatStopsBeforeAnyBlockLeavesNoFileBehind() throws Exception {
        accepted(new DirectoryStore(dir, false), "nothing.bin").suspend();
        assertThat(filesInDir()).isEmpty();
        BlockSink some = accepted(new DirectoryStore(dir, false), "some.bin");
        write(some, 5);
        some.suspend();
        assertThat(filesInDir()).containsExactly(".some.bin.journal", ".some.bin.part");
        assertThat(Files.isRegularFile(dir.resolve(".some.bin.part"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
