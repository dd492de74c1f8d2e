package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.ptpmesh.sim.Host;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.transfer.TransferReport.Outcome;

/** Transfers between two simulated hosts: clean, lossy, duplicating, reordering, and with an end gone for a while. */
class TransferSimulationTest {

    private static final LinkProfile CLEAN = LinkProfile.ofLatency(10);

    static byte[] object(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void aCleanTransferCompletesAndTracesTheModelsActions() {
        SimTransferPair pair = new SimTransferPair(1, CLEAN, TransferConfig.defaults());
        byte[] data = object(300_000, 1);
        pair.offer("clean.bin", data);
        assertThat(pair.runUntilBothReported(30_000)).isTrue();
        assertThat(pair.receiverReport().outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(pair.senderReport().outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(pair.store.object("clean.bin")).isEqualTo(data);
        assertThat(pair.receiverReport().retransmittedBlocks()).isZero();
        assertThat(pair.events("receiver")).contains("ReceiveOffer", "RequestBlock", "ReceiveBlock", "Complete")
                .doesNotContain("RequestTimeout");
        assertThat(pair.events("sender")).contains("SendOffer", "ServeBlock", "ReceiveDone");
        assertThat(pair.sender.endpoint().activeTransfers()).isZero();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.05, 0.10, 0.20})
    void lossDuplicationAndReorderingStillDeliverTheExactObject(double loss) {
        LinkProfile link = CLEAN.withJitter(5).withLoss(loss).withDuplication(0.02).withReordering(0.05, 20);
        SimTransferPair pair = new SimTransferPair(7, link, TransferConfig.defaults().withRetries(30, 5_000));
        byte[] data = object(200_000, 2);
        pair.offer("lossy.bin", data);
        assertThat(pair.runUntilBothReported(300_000)).isTrue();
        assertThat(pair.receiverReport().outcome()).as(pair.receiverReport().detail()).isEqualTo(Outcome.COMPLETE);
        assertThat(pair.store.object("lossy.bin")).isEqualTo(data);
        assertThat(pair.receiverReport().retransmittedBlocks()).isPositive();
        assertThat(pair.events("receiver")).contains("DetectLoss");
    }

    @Test
    void randomLossCostsLittleTimeBecauseTheWindowIsNotCut() {
        // a window capped at 64 blocks and a 40 ms round trip: the transfer is window-bound
        byte[] data = object(2_000_000, 3);
        long clean = elapsed(0, data);
        long lossy = elapsed(0.05, data);
        // AIMD would halve a window this often: about 1.2/sqrt(0.05) = 5 blocks per round trip instead of 64
        assertThat(lossy).as("lossless %d ms, 5%% loss %d ms", clean, lossy).isLessThan(clean * 3 / 2);
    }

    /** The receiver's link loses {@code loss} of the datagrams each way. */
    private static long elapsed(double loss, byte[] data) {
        SimTransferPair pair = new SimTransferPair(11, LinkProfile.ofLatency(20), TransferConfig.defaults().withWindow(16, 4, 64));
        pair.receiverHost.setLink(LinkProfile.ofLatency(20).withLoss(loss));
        pair.offer("timed.bin", data);
        assertThat(pair.runUntilBothReported(600_000)).isTrue();
        assertThat(pair.receiverReport().outcome()).isEqualTo(Outcome.COMPLETE);
        return pair.receiverReport().millis();
    }

    @Test
    void everyActionOfTheModelIsTracedUnderItsName() {
        SimTransferPair pair = new SimTransferPair(16, CLEAN.withLoss(0.05), TransferConfig.defaults().withIdle(3_000, 500));
        pair.offer("model.bin", object(100_000, 16));
        assertThat(pair.runUntilBothReported(60_000)).isTrue();
        pair.receiverHost.sleep();
        pair.offer("unheard.bin", object(1_000, 17));
        pair.sim.runFor(10_000);
        assertThat(pair.trace).extracting(e -> e.event()).contains("ReceiveOffer", "RequestBlock", "ReceiveBlock",
                "RequestTimeout", "Complete", "ServeBlock", "ReceiveDone", "SenderIdleTick", "ForgetTransfer");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anEndThatVanishesForTenSecondsIsWaitedFor(boolean receiverVanishes) {
        SimTransferPair pair = new SimTransferPair(4, CLEAN, TransferConfig.defaults());
        byte[] data = object(1_000_000, 4);
        pair.offer("vanish.bin", data);
        // the cookie's round trip and the hash lists' before the first blocks, then some blocks
        pair.sim.runFor(250);
        assertThat(pair.store.blocksHeld("vanish.bin")).isBetween(1, data.length / BlockSizes.DIRECT - 1);
        Host gone = receiverVanishes ? pair.receiverHost : pair.senderHost;
        gone.sleep();
        pair.sim.runFor(10_000);
        gone.wake();
        assertThat(pair.runUntilBothReported(120_000)).isTrue();
        assertThat(pair.receiverReport().outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(pair.store.object("vanish.bin")).isEqualTo(data);
    }

    @Test
    void theReceiverGivesUpAfterItsRetriesWhenTheSenderNeverComesBack() {
        SimTransferPair pair = new SimTransferPair(6, CLEAN, TransferConfig.defaults().withRetries(4, 1_000));
        pair.offer("gone.bin", object(500_000, 6));
        pair.sim.runFor(100);
        pair.senderHost.sleep();
        pair.sim.runFor(60_000);
        assertThat(pair.receiverReports).hasSize(1);
        assertThat(pair.receiverReport().outcome()).isEqualTo(Outcome.GAVE_UP);
        assertThat(pair.receiverReport().millis()).isLessThan(10_000);
        assertThat(pair.trace).filteredOn(e -> e.event().equals("RequestTimeout") && e.params().containsKey("gaveUp")).hasSize(1);
    }

    @Test
    void theSenderForgetsATransferNobodyAsksAbout() {
        SimTransferPair pair = new SimTransferPair(8, CLEAN, TransferConfig.defaults().withIdle(5_000, 500));
        pair.offer("idle.bin", object(500_000, 8));
        pair.sim.runFor(100);
        pair.receiverHost.sleep();
        pair.sim.runFor(20_000);
        assertThat(pair.senderReports).hasSize(1);
        assertThat(pair.senderReport().outcome()).isEqualTo(Outcome.FORGOTTEN);
        assertThat(pair.events("sender")).contains("SenderIdleTick", "ForgetTransfer");
        assertThat(pair.sender.endpoint().activeTransfers()).isZero();
    }

    @Test
    void aRestartedReceiverResumesFromTheBlocksItKept() {
        SimTransferPair pair = new SimTransferPair(9, CLEAN, TransferConfig.defaults());
        byte[] data = object(1_000_000, 9);
        pair.offer("resume.bin", data);
        pair.sim.runFor(250);
        int kept = pair.store.blocksHeld("resume.bin");
        assertThat(kept).isPositive();
        pair.receiver = pair.newReceiver();
        pair.receiverHost.restart(pair.receiver);
        assertThat(pair.runUntilBothReported(60_000)).isTrue();
        assertThat(pair.receiverReport().outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(pair.store.object("resume.bin")).isEqualTo(data);
        int total = data.length / BlockSizes.DIRECT + 1;
        assertThat(pair.receiverReport().blocks()).isLessThanOrEqualTo(total - kept);
    }

    @Test
    void aRestartedSenderOffersAgainAndTheReceiverKeepsItsBlocks() {
        SimTransferPair pair = new SimTransferPair(10, CLEAN, TransferConfig.defaults());
        byte[] data = object(1_000_000, 10);
        pair.offer("again.bin", data);
        pair.sim.runFor(150);
        pair.sender = pair.newSender(TransferEndpoint.Catalog.NONE);
        pair.senderHost.restart(pair.sender);
        pair.sim.runFor(10);
        int kept = pair.store.blocksHeld("again.bin");
        pair.offer("again.bin", data);
        assertThat(pair.sim.runUntil(pair.sim.now() + 60_000, () -> pair.receiverReports.stream()
                .anyMatch(r -> r.outcome() == Outcome.COMPLETE))).isTrue();
        assertThat(pair.store.object("again.bin")).isEqualTo(data);
        assertThat(pair.receiverReport().blocks()).isLessThanOrEqualTo(data.length / BlockSizes.DIRECT + 1 - kept);
        assertThat(pair.receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.CANCELLED, Outcome.COMPLETE);
    }

    @Test
    void anOfferOfAnObjectAlreadyHereEndsAtOnce() {
        SimTransferPair pair = new SimTransferPair(12, CLEAN, TransferConfig.defaults());
        byte[] data = object(50_000, 12);
        pair.offer("twice.bin", data);
        assertThat(pair.runUntilBothReported(30_000)).isTrue();
        pair.senderReports.clear();
        pair.offer("twice.bin", data);
        assertThat(pair.runUntilBothReported(30_000)).isTrue();
        assertThat(pair.senderReport().outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        pair.senderReports.clear();
        pair.receiverReports.clear();
        pair.offer("twice.bin", object(50_000, 13));
        assertThat(pair.sim.runUntil(pair.sim.now() + 30_000, () -> !pair.senderReports.isEmpty())).isTrue();
        assertThat(pair.senderReport().outcome()).isEqualTo(Outcome.REFUSED);
        // a refused push is no transfer of the receiver's: counted, and told to its listener, not reported as ended
        assertThat(pair.receiverReports).isEmpty();
        assertThat(pair.refusals).singleElement().asString().contains("already stored");
        assertThat(pair.receiver.endpoint().drops().get("offer_refused")).isOne();
    }

    @Test
    void aWrongHashIsAnIntegrityFailureAtBothEnds() {
        SimTransferPair pair = new SimTransferPair(13, CLEAN, TransferConfig.defaults());
        byte[] data = object(40_000, 14);
        pair.offer("bad.bin", new MemorySource(data), Sha256.of(new byte[1]));
        assertThat(pair.runUntilBothReported(30_000)).isTrue();
        assertThat(pair.receiverReport().outcome()).isEqualTo(Outcome.INTEGRITY_FAILURE);
        assertThat(pair.senderReport().outcome()).isEqualTo(Outcome.INTEGRITY_FAILURE);
        assertThat(pair.store.object("bad.bin")).isNull();
    }

    @Test
    void aReceiverFetchesByNameAndIsToldWhenTheNameIsUnknown() {
        SimTransferPair pair = new SimTransferPair(14, CLEAN.withLoss(0.05), TransferConfig.defaults());
        byte[] data = object(120_000, 15);
        MemorySource source = new MemorySource(data);
        TransferEndpoint.Shared shared = TransferEndpoint.Shared.of(source, source.sha256(), BlockSizes.DIRECT);
        pair.sender = pair.newSender(name -> name.equals("shared.bin") ? shared : null);
        pair.senderHost.restart(pair.sender);
        pair.sim.runFor(10);
        TransferNode r = pair.receiver;
        pair.receiverHost.invoke(out -> r.endpoint().fetch("shared.bin", r.routeTo(pair.senderHost.endpoint(SimTransferPair.PORT)), pair.sim.now(), out));
        assertThat(pair.runUntilBothReported(60_000)).isTrue();
        assertThat(pair.receiverReport().outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(pair.store.object("shared.bin")).isEqualTo(data);
        pair.receiverReports.clear();
        pair.receiverHost.invoke(out -> r.endpoint().fetch("missing.bin", r.routeTo(pair.senderHost.endpoint(SimTransferPair.PORT)), pair.sim.now(), out));
        pair.sim.runFor(30_000);
        assertThat(pair.receiverReport().outcome()).isEqualTo(Outcome.OBJECT_UNAVAILABLE);
        assertThat(pair.receiverReport().detail()).contains("does not have");
    }

    @Test
    void anEmptyObjectTransfers() {
        SimTransferPair pair = new SimTransferPair(15, CLEAN, TransferConfig.defaults());
        pair.offer("empty.bin", new byte[0]);
        assertThat(pair.runUntilBothReported(30_000)).isTrue();
        assertThat(pair.receiverReport().outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(pair.store.object("empty.bin")).isEmpty();
    }
}
