package org.ptpmesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.rendezvous.ServerHarness.addr;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.DecodeErrorCode;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PtptestCaptures;
import org.ptpmesh.wire.Violations;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.list.ClientEntry;
import org.ptpmesh.wire.list.ClientListAssembler;

class RendezvousServerTest {

    private final ServerHarness h = new ServerHarness(ServerHarness.config());

    @Test
    void aRegistrationIsChallengedAtOnceAndTheClientJoinsAndIsListedOnceItEchoesTheCookie() {
        Endpoint a = addr("198.51.100.7", 40000);
        long myts = Timestamps.fromMillis(h.now) + 12345;
        byte[] register = ServerHarness.register(1, addr("192.168.1.10", 3456), myts, false);
        h.receive(a, register);
        List<Sent> replies = h.drain();
        assertThat(replies).hasSize(1);
        Message challenge = replies.get(0).message();
        assertThat(replies.get(0).to()).isEqualTo(a);
        assertThat(challenge.kind()).isEqualTo(MessageKind.ECHO);
        assertThat(challenge.has(TlvTypes.MSGKIND)).isFalse();
        assertThat(challenge.uint(TlvTypes.YOURTS)).hasValue(myts);
        assertThat(challenge.has(TlvTypes.MYTS)).as("the cookie").isTrue();
        assertThat(challenge.has(TlvTypes.YOURADDR)).as("nothing the address has not proven it may have").isFalse();
        assertThat(replies.get(0).payload().length).isLessThanOrEqualTo(register.length);
        assertThat(h.server.clientCount()).isZero();

        h.receive(a, ServerHarness.echo(challenge.bytes(TlvTypes.UUID).orElseThrow(), challenge.uint(TlvTypes.MYTS).getAsLong()));
        assertThat(h.server.clientCount()).isOne();
        assertThat(h.out.timers).containsEntry(RendezvousServer.Timer.PUBLISH, h.now);
        h.advance(0);
        List<Sent> lists = h.drain();
        assertThat(lists).hasSize(1);
        assertThat(lists.get(0).message().kind()).isEqualTo(MessageKind.LIST);
        assertThat(lists.get(0).message().address(TlvTypes.YOURADDR)).contains(a);
        assertThat(ClientListAssembler.entries(lists.get(0).message())).isEmpty();
        assertThat(h.out.trace).extracting(TraceEvent::event).containsSubsequence("Challenge", "AnswerChallenge", "Register",
                "Publish");

        // registered from where it proved to be: the next registration is echoed in full
        h.receive(a, ServerHarness.register(1, addr("192.168.1.10", 3456), myts + 1, false));
        Message echo = h.drain().get(0).message();
        assertThat(echo.has(TlvTypes.MYTS)).isFalse();
        assertThat(echo.address(TlvTypes.YOURADDR)).contains(a);
        assertThat(echo.uint(TlvTypes.YOURTS)).hasValue(myts + 1);
    }

    @Test
    void theListenerHearsEachRttTheServerMeasures() {
        List<Long> rtts = new java.util.ArrayList<>();
        ServerHarness g = new ServerHarness(ServerHarness.config(), new RendezvousListener() {
            @Override
            public void measured(RegisteredClient client, long rttMillis, long now) {
                rtts.add(rttMillis);
            }
        });
        Endpoint a = addr("198.51.100.7", 40000);
        g.registerAt(1, a, false);
        g.drain();
        g.advance(0);
        Message list = g.drain().get(0).message();
        g.advance(40);
        g.receive(a, ServerHarness.echo(list.bytes(TlvTypes.UUID).orElseThrow(), list.uint(TlvTypes.MYTS).orElseThrow()));
        assertThat(rtts).containsExactly(40L);
    }

    @Test
    void aPtptestClientsEchoOfAListAsTheOriginalSendsItGivesItsRtt() {
        Endpoint a = addr("198.51.100.7", 40000);
        h.registerAt(1, a, false);
        h.drain();
        h.advance(0);
        Message list = h.drain().get(0).message();
        h.advance(40);
        // ptptest 2014's answer to a server's MYTS: CLIENTVER (1 byte), SEQUENCE (4), the UUID the
        // server sent, YOURTS (8); no MSGKIND, no PTPADDR
        byte[] echo = org.ptpmesh.wire.Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1, 1)
                .uint(TlvTypes.SEQUENCE, 1, 4).bytes(TlvTypes.UUID, list.bytes(TlvTypes.UUID).orElseThrow())
                .uint(TlvTypes.YOURTS, list.uint(TlvTypes.MYTS).orElseThrow(), 8).build());
        h.receive(a, echo);
        assertThat(h.drain()).as("an echo is not answered").isEmpty();
        h.advance(1_000);
        assertThat(h.server.drops().total()).isZero();
        assertThat(h.server.snapshot().rows()).singleElement()
                .satisfies(r -> assertThat(r.rttMillis()).isBetween(39L, 41L));
        assertThat(h.out.trace).extracting(TraceEvent::event).contains("ReceiveEcho");
    }

    @Test
    void aPtptestClientsShutdownAsTheOriginalSendsItRemovesItAtOnce() {
        Endpoint a = addr("198.51.100.7", 40000);
        h.registerAt(1, a, false);
        h.advance(0);
        h.drain();
        // ptptest 2014's last words: its registration with SHUTDOWN in place of MYTS (PTPADDR kept)
        byte[] bye = org.ptpmesh.wire.Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 2, 1)
                .uint(TlvTypes.SEQUENCE, 9, 4).bytes(TlvTypes.UUID, ServerHarness.id(1))
                .address(TlvTypes.PTPADDR, addr("192.168.1.10", 40000)).uint(TlvTypes.SHUTDOWN, 1, 1).build());
        h.receive(a, bye);
        assertThat(h.server.drops().snapshot()).isEmpty();
        assertThat(h.server.clientCount()).isZero();
        assertThat(h.out.trace).extracting(TraceEvent::event).contains("Unregister");
    }

    /**
     * The original client's own bytes, registration to goodbye: the SHUTDOWN (with PTPADDR and
     * META) removes it and the remaining client gets a list without it in the same step, though
     * the announce gap (10 s here) has not passed since the joins were published.
     */
    @Test
    void theOriginalClientsShutdownIsPublishedAtOnceWhateverTheAnnounceGap() {
        ServerHarness g = new ServerHarness(ServerConfig.defaults().withTimers(13_000, 30_000, 10_000));
        Endpoint original = addr("127.0.0.1", 36820);
        Endpoint other = addr("198.51.100.8", 40000);
        g.receive(original, PtptestCaptures.bytes(PtptestCaptures.REGISTER));
        assertThat(g.answerChallenge(original)).isTrue();
        g.registerAt(2, other, false);
        g.advance(500);
        assertThat(g.server.clientCount()).isEqualTo(2);
        g.drain();

        g.receive(original, PtptestCaptures.bytes(PtptestCaptures.SHUTDOWN));
        assertThat(g.server.drops().snapshot()).isEmpty();
        assertThat(g.server.clientCount()).isEqualTo(1);
        List<Sent> lists = g.drain();
        assertThat(lists).as("a list to the remaining client, sent in the SHUTDOWN's own step").singleElement()
                .satisfies(l -> {
                    assertThat(l.to()).isEqualTo(other);
                    assertThat(ClientListAssembler.entries(l.message())).isEmpty();
                });
        assertThat(g.out.trace).filteredOn(t -> t.event().equals("Publish")).last()
                .satisfies(t -> assertThat(t.params()).containsEntry("cause", "departure"));
    }

    /** A join waiting for the gap goes out with a departure, and is not published a second time. */
    @Test
    void aDepartureTakesAPendingJoinAlong() {
        ServerHarness g = new ServerHarness(ServerConfig.defaults().withTimers(13_000, 30_000, 10_000));
        Endpoint a = addr("198.51.100.7", 40000);
        Endpoint b = addr("198.51.100.8", 40000);
        Endpoint c = addr("198.51.100.9", 40000);
        g.registerAt(1, a, false);
        g.registerAt(2, b, false);
        g.advance(1_000);
        g.registerAt(3, c, false);
        g.drain();
        g.receive(a, ServerHarness.shutdown(1));
        List<Sent> lists = g.drain();
        assertThat(lists).extracting(Sent::to).containsExactlyInAnyOrder(b, c);
        Message toB = lists.stream().filter(l -> l.to().equals(b)).findFirst().orElseThrow().message();
        assertThat(ClientListAssembler.entries(toB)).extracting(ClientEntry::external).containsExactly(c);
        g.advance(10_000);
        assertThat(g.drain()).as("the join's own announcement was cancelled").isEmpty();
    }

    /** Spoofed clients leaving one by one cannot make the server publish to everyone once per departure. */
    @Test
    void departuresBeyondTheBudgetOfOneGapWaitForIt() {
        ServerHarness g = new ServerHarness(ServerConfig.defaults().withTimers(60_000, 120_000, 1_000));
        int n = ServerDefaults.DEPARTURES_AT_ONCE + 5;
        for (int i = 0; i <= n; i++) {
            g.registerAt(i, addr("203.0.113." + (i + 1), 1000), false);
        }
        g.advance(1_000);
        g.drain();
        for (int i = 0; i < n; i++) {
            g.receive(addr("203.0.113." + (i + 1), 1000), ServerHarness.shutdown(i));
        }
        long publications = g.out.trace.stream().filter(t -> t.event().equals("Publish")
                && "departure".equals(t.params().get("cause"))).count();
        assertThat(publications).isEqualTo(ServerDefaults.DEPARTURES_AT_ONCE);
        g.drain();
        g.advance(1_000);
        List<Sent> last = g.drain();
        assertThat(last).as("the rest in one publication at the end of the gap").singleElement()
                .satisfies(l -> assertThat(ClientListAssembler.entries(l.message())).isEmpty());
    }

    /** Every refused datagram is traced with its reason and source, within the per-second budget. */
    @Test
    void droppedDatagramsAreTracedWithReasonAndSourceThenSummed() {
        ServerHarness g = new ServerHarness(ServerHarness.config().withDropLog(2));
        Endpoint flooder = addr("203.0.113.66", 666);
        byte[] badChecksum = ServerHarness.register(1, flooder, 1, false);
        badChecksum[badChecksum.length - 1] ^= 1;
        g.receive(flooder, badChecksum);
        g.receive(flooder, org.ptpmesh.wire.Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 2, 1)
                .uint(TlvTypes.SEQUENCE, 0, 4).uint(TlvTypes.MYTS, 5, 8).bytes(TlvTypes.UUID, ServerHarness.id(1))
                .address(TlvTypes.PTPADDR, flooder).build()));
        for (int i = 0; i < 5; i++) {
            g.receive(flooder, badChecksum);
        }
        List<TraceEvent> drops = g.out.trace.stream().filter(t -> t.event().startsWith("Drop")).toList();
        assertThat(drops).hasSize(2);
        assertThat(drops.get(0).params()).containsEntry("reason", "bad_checksum").containsEntry("from", "203.0.113.66:666");
        assertThat(drops.get(1).params()).containsEntry("reason", "rule_violation")
                .containsEntry("kind", "REGISTER").containsEntry("detail", "myts_before_uuid");
        g.advance(1_000);
        TraceEvent summary = g.out.trace.stream().filter(t -> t.event().equals("DropsUnlogged")).findFirst().orElseThrow();
        assertThat(summary.params()).containsEntry("count", 5L).containsEntry("reasons", "{bad_checksum=5}");
        assertThat(g.server.drops().total()).isEqualTo(7);
    }

    @Test
    void listsNameTheOthersWithLanAddressesOnlyBehindTheSamePublicIp() {
        Endpoint a = addr("198.51.100.7", 40000);
        Endpoint b = addr("198.51.100.7", 40001);
        Endpoint c = addr("203.0.113.5", 5000);
        h.registerAt(1, a, addr("192.168.1.10", 3456), true);
        h.registerAt(2, b, addr("192.168.1.11", 3456), true);
        h.registerAt(3, c, addr("10.0.0.2", 3456), false);
        h.drain();
        h.advance(0);
        List<Sent> lists = h.drain();
        assertThat(lists).hasSize(3);
        Message toA = lists.stream().filter(s -> s.to().equals(a)).findFirst().orElseThrow().message();
        assertThat(toA.uint(TlvTypes.MSGKIND)).hasValue(MessageKind.LIST.code());
        assertThat(Violations.of(toA)).isEmpty();
        List<ClientEntry> entries = ClientListAssembler.entries(toA);
        assertThat(entries).extracting(ClientEntry::external).containsExactly(b, c);
        assertThat(entries.get(0).internal()).isEqualTo(addr("192.168.1.11", 3456));
        assertThat(entries.get(1).internal()).isNull();
        assertThat(entries.get(0).id()).isEqualTo(ServerHarness.id(2));

        Message toC = lists.stream().filter(s -> s.to().equals(c)).findFirst().orElseThrow().message();
        assertThat(toC.has(TlvTypes.MSGKIND)).isFalse();
        assertThat(toC.has(TlvTypes.CLIENTLIST_ID)).isFalse();
        assertThat(ClientListAssembler.entries(toC)).extracting(ClientEntry::external).containsExactly(a, b);
    }

    @Test
    void aDualStackServerListsBothFamiliesToPtpmeshClientsAndOnlyTheirOwnToPtptestOnes() {
        Endpoint four = addr("198.51.100.7", 40000);
        Endpoint six = addr("2001:db8::7", 40000);
        Endpoint legacy = addr("203.0.113.5", 5000);
        h.registerAt(1, four, true);
        h.registerAt(2, six, true);
        h.registerAt(3, legacy, false);
        h.drain();
        h.advance(0);
        List<Sent> lists = h.drain();
        Message toFour = lists.stream().filter(s -> s.to().equals(four)).findFirst().orElseThrow().message();
        assertThat(ClientListAssembler.entries(toFour)).extracting(ClientEntry::external).containsExactly(six, legacy);
        Message toSix = lists.stream().filter(s -> s.to().equals(six)).findFirst().orElseThrow().message();
        assertThat(ClientListAssembler.entries(toSix)).extracting(ClientEntry::external).containsExactly(four, legacy);
        // ptptest 2014 is IPv4 only: it could neither reach nor rightly decode the IPv6 client
        Message toLegacy = lists.stream().filter(s -> s.to().equals(legacy)).findFirst().orElseThrow().message();
        assertThat(ClientListAssembler.entries(toLegacy)).extracting(ClientEntry::external).containsExactly(four);
    }

    @Test
    void silentClientsArePurgedAndTheOthersToldAtOnce() {
        Endpoint a = addr("198.51.100.7", 40000);
        Endpoint b = addr("198.51.100.8", 40000);
        h.registerAt(1, a, true);
        h.registerAt(2, b, true);
        for (int i = 0; i < 6; i++) {
            h.advance(7_000);
            h.registerAt(1, a, true);
        }
        assertThat(h.server.clientCount()).isEqualTo(1);
        TraceEvent purge = h.out.trace.stream().filter(t -> t.event().equals("Purge")).findFirst().orElseThrow();
        assertThat(purge.time() - ServerHarness.T0).isBetween(30_001L, 31_000L);
        assertThat(purge.params()).containsEntry("client", new ClientId(0x5050_0000_0000_0000L, 2).toString());
        // the next list to the survivor no longer names the purged client
        h.drain();
        h.advance(13_000);
        Message last = h.drain().stream().filter(s -> s.to().equals(a)).reduce((x, y) -> y).orElseThrow().message();
        assertThat(ClientListAssembler.entries(last)).isEmpty();
    }

    /** Rendezvous.tla's PublishedFresh: a publication between two purge checks leaves out a client already past the window. */
    @Test
    void aListNeverNamesAClientSilentLongerThanThePurgeWindow() {
        ServerHarness s = new ServerHarness(ServerConfig.defaults().withTimers(30_500, 30_000, 0));
        Endpoint a = addr("198.51.100.7", 40000);
        Endpoint b = addr("198.51.100.8", 40000);
        s.registerAt(1, a, true);
        s.registerAt(2, b, true);
        for (int i = 0; i < 4; i++) {
            s.advance(7_000);
            s.registerAt(1, a, true);
        }
        s.advance(2_000);
        s.drain();
        // the periodic publication falls at 30.5 s, half a second before the purge check at 31 s
        s.advance(500);
        Message toA = s.drain().stream().filter(x -> x.to().equals(a)).reduce((x, y) -> y).orElseThrow().message();
        assertThat(ClientListAssembler.entries(toA)).isEmpty();
        TraceEvent purge = s.out.trace.stream().filter(t -> t.event().equals("Purge")).findFirst().orElseThrow();
        assertThat(purge.time() - ServerHarness.T0).isEqualTo(30_500L);
    }

    @Test
    void shutdownRemovesAtOnceButOnlyFromTheClientsOwnAddress() {
        Endpoint a = addr("198.51.100.7", 40000);
        Endpoint b = addr("198.51.100.8", 40000);
        h.registerAt(1, a, false);
        h.registerAt(2, b, false);
        h.receive(addr("203.0.113.66", 666), ServerHarness.shutdown(2));
        assertThat(h.server.clientCount()).isEqualTo(2);
        assertThat(h.server.drops().get(ServerDropReason.SPOOFED_SHUTDOWN.label())).isEqualTo(1);
        h.drain();
        h.receive(b, ServerHarness.shutdown(2));
        assertThat(h.server.clientCount()).isEqualTo(1);
        List<Sent> lists = h.drain();
        assertThat(lists).as("published within the SHUTDOWN's own step, no timer needed").hasSize(1);
        assertThat(ClientListAssembler.entries(lists.get(0).message())).isEmpty();
    }

    @Test
    void malformedDatagramsAreCountedByCodeAndNeverAnswered() {
        byte[] good = ServerHarness.register(1, addr("10.0.0.1", 1), 1, false);
        byte[] badChecksum = good.clone();
        badChecksum[badChecksum.length - 1] ^= 1;
        h.receive(addr("203.0.113.1", 1), badChecksum);
        h.receive(addr("203.0.113.1", 2), new byte[] {1, 0});
        h.receive(addr("203.0.113.1", 3), new byte[] {2, 0, 0, 0});
        assertThat(h.drain()).isEmpty();
        assertThat(h.server.drops().get(DecodeErrorCode.BAD_CHECKSUM.wireName())).isEqualTo(1);
        assertThat(h.server.drops().get(DecodeErrorCode.TOO_SHORT.wireName())).isEqualTo(1);
        assertThat(h.server.drops().get(DecodeErrorCode.UNSUPPORTED_VERSION.wireName())).isEqualTo(1);
        assertThat(h.server.clientCount()).isZero();
    }

    @Test
    void aSourceOverItsRateIsDroppedAndCounted() {
        ServerHarness limited = new ServerHarness(ServerHarness.config().withBounds(10, 5, 1, 100));
        Endpoint a = addr("198.51.100.7", 40000);
        limited.registerAt(1, a, true);
        limited.drain();
        // the REGISTER and the echo took two of five: three more pass, three are refused
        for (int i = 0; i < 6; i++) {
            limited.receive(a, ServerHarness.register(1, a, 1, true));
        }
        assertThat(limited.drain()).hasSize(3);
        assertThat(limited.server.drops().get(ServerDropReason.RATE_LIMITED.label())).isEqualTo(3);
        limited.advance(2_000);
        limited.drain();
        limited.registerAt(1, a, true);
        assertThat(limited.drain()).hasSize(1);
    }

    @Test
    void theRegistryIsBounded() {
        ServerHarness small = new ServerHarness(ServerHarness.config().withBounds(3, 100, 100, 100));
        for (int i = 0; i < 10; i++) {
            small.registerAt(i, addr("203.0.113." + (i + 1), 1000), true);
        }
        assertThat(small.server.clientCount()).isEqualTo(3);
        assertThat(small.server.drops().get(ServerDropReason.REGISTRY_FULL.label())).isEqualTo(7);
    }

    @Test
    void largeListsArePagedForPtpmeshAndCutForPtptestClients() {
        ServerHarness big = new ServerHarness(ServerHarness.config().withListLimit(0).withBounds(1000, 100, 100, 1000));
        for (int i = 0; i < 300; i++) {
            big.registerAt(i, addr("203.0.113." + (i % 250 + 1), 1000 + i), i != 0);
        }
        big.drain();
        // 300 lists of up to 8 pages: a few publish ticks
        big.advance(100);
        List<Sent> sent = big.drain();
        Endpoint legacy = addr("203.0.113.1", 1000);
        List<Sent> toLegacy = sent.stream().filter(s -> s.to().equals(legacy)).toList();
        assertThat(toLegacy).hasSize(1);
        assertThat(toLegacy.get(0).payload().length).isLessThanOrEqualTo(1400);
        int legacyListed = ClientListAssembler.entries(toLegacy.get(0).message()).size();
        assertThat(big.server.drops().get(ServerDropReason.LIST_ENTRIES_OMITTED.label())).isEqualTo(299 - legacyListed);

        Endpoint modern = addr("203.0.113.2", 1001);
        ClientListAssembler assembler = new ClientListAssembler(256, 100_000);
        List<ClientEntry> whole = null;
        List<Sent> pages = sent.stream().filter(s -> s.to().equals(modern)).toList();
        assertThat(pages.size()).isGreaterThan(1);
        for (Sent p : pages) {
            assertThat(Violations.of(p.message())).isEmpty();
            whole = assembler.accept(p.message()).orElse(whole);
        }
        assertThat(whole).hasSize(299).extracting(ClientEntry::external).doesNotContain(modern);
    }

    @Test
    void listLimitShowsEachClientItsNeighboursSymmetrically() {
        ServerHarness limited = new ServerHarness(ServerHarness.config().withListLimit(4));
        for (int i = 0; i < 10; i++) {
            limited.registerAt(i, addr("203.0.113." + (i + 1), 1000), true);
        }
        limited.drain();
        limited.advance(0);
        List<Sent> lists = limited.drain();
        for (Sent s : lists) {
            List<ClientEntry> entries = ClientListAssembler.entries(s.message());
            assertThat(entries).hasSize(4);
            for (ClientEntry e : entries) {
                Message back = lists.stream().filter(o -> o.to().equals(e.external())).findFirst().orElseThrow().message();
                assertThat(ClientListAssembler.entries(back)).extracting(ClientEntry::external).contains(s.to());
            }
        }
    }

    @Test
    void randomBytesNeverThrowAndAreAllCounted() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            h.receive(addr("203.0.113." + (i % 200 + 1), 1 + i), junk);
        }
        assertThat(h.server.drops().total()).isEqualTo(10_000);
        assertThat(h.drain()).isEmpty();
    }
}
