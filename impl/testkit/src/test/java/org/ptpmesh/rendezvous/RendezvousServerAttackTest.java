package org.ptpmesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.rendezvous.ServerHarness.addr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.list.ClientEntry;
import org.ptpmesh.wire.list.ClientListAssembler;

/**
 * A stranger's attacks on the rendezvous server, each with the bound it must keep: reflection
 * through a forged source, junk spending a client's budget, a forged report or registration
 * taking over a client, a join among many clients costing everyone a list.
 */
class RendezvousServerAttackTest {

    private static final Endpoint VICTIM = addr("192.0.2.66", 5353);
    private static final Endpoint FORGER = addr("203.0.113.250", 6666);

    /** ptptest 2014's registration as its client sends it, META included (client.py _server_beacons). */
    private static byte[] ptptestRegister(int client, Endpoint ptpAddr, long myts) {
        return Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 2, 1).uint(TlvTypes.SEQUENCE, 3, 4)
                .bytes(TlvTypes.UUID, ServerHarness.id(client)).address(TlvTypes.PTPADDR, ptpAddr).uint(TlvTypes.MYTS, myts, 8)
                .json(TlvTypes.META, "{\"127.0.0.1-23456\":{\"sin\":[\"127.0.0.1\",23456],\"stats\":{\"sent\":3,\"rcvd\":2}}}")
                .build());
    }

    private static ServerHarness populated(ServerConfig config, int clients) {
        ServerHarness h = new ServerHarness(config);
        for (int i = 0; i < clients; i++) {
            h.registerAt(i, addr("198.51.100." + (i % 250 + 1), 10_000 + i), i % 2 == 0);
        }
        h.advance(1_000);
        h.drain();
        return h;
    }

    private static long bytesTo(List<Sent> sent, Endpoint to) {
        return sent.stream().filter(s -> s.to().equals(to)).mapToLong(s -> s.payload().length).sum();
    }

    @Test
    void aForgedRegisterBringsItsVictimNoMoreBytesThanTheForgerSentAndNoOneProbesIt() {
        ServerHarness h = populated(ServerHarness.config().withListLimit(0), 100);
        List<Sent> all = new ArrayList<>();
        long forged = 0;
        for (int round = 0; round < 13; round++) {
            if (round < 5) {
                byte[] legacy = ptptestRegister(500 + round, VICTIM, Timestamps.fromMillis(h.now));
                byte[] modern = ServerHarness.register(600 + round, VICTIM, Timestamps.fromMillis(h.now), true);
                h.receive(VICTIM, legacy);
                h.receive(VICTIM, modern);
                forged += legacy.length + modern.length;
            }
            for (int i = 0; i < 100; i++) {
                h.registerAt(i, addr("198.51.100." + (i % 250 + 1), 10_000 + i), i % 2 == 0);
            }
            h.advance(7_000);
            all.addAll(h.drain());
        }
        assertThat(bytesTo(all, VICTIM)).as("bytes the victim got, for %d forged", forged).isPositive().isLessThanOrEqualTo(forged);
        assertThat(h.server.clientCount()).isEqualTo(100);
        // no list names it, so no client probes it
        for (Sent s : all) {
            if (s.message().kind() == MessageKind.LIST) {
                assertThat(ClientListAssembler.entries(s.message())).extracting(ClientEntry::external).doesNotContain(VICTIM);
            }
        }
    }

    @Test
    void aRegisterSmallerThanItsChallengeIsNotAnswered() {
        ServerHarness h = new ServerHarness(ServerHarness.config());
        // every field at its narrowest: 38 bytes, less than any challenge
        byte[] tiny = Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1, 1).uint(TlvTypes.SEQUENCE, 1, 1)
                .bytes(TlvTypes.UUID, ServerHarness.id(1)).address(TlvTypes.PTPADDR, VICTIM).uint(TlvTypes.MYTS, 1, 1).build());
        assertThat(tiny).hasSize(38);
        h.receive(VICTIM, tiny);
        assertThat(h.drain()).isEmpty();
        assertThat(h.server.drops().get(ServerDropReason.ANSWER_TOO_LARGE.label())).isOne();
    }

    @Test
    void aCookieProvesOnlyTheAddressAndClientItWasSentForAndOnlyForAWhile() {
        ServerHarness h = new ServerHarness(ServerHarness.config());
        h.receive(VICTIM, ServerHarness.register(1, VICTIM, 1, true));
        Message challenge = h.drain().get(0).message();
        long cookie = challenge.uint(TlvTypes.MYTS).getAsLong();
        // the forger learns nothing it can use: not from its own address, not for another client
        h.receive(FORGER, ServerHarness.echo(ServerHarness.id(1), cookie));
        h.receive(VICTIM, ServerHarness.echo(ServerHarness.id(2), cookie));
        h.receive(VICTIM, ServerHarness.echo(ServerHarness.id(1), cookie ^ 2));
        assertThat(h.server.clientCount()).isZero();
        assertThat(h.server.drops().get(ServerDropReason.NOT_REGISTERED.label())).isEqualTo(3);
        // the right echo, but after two cookie lifetimes
        h.advance(2 * ServerDefaults.COOKIE_LIFETIME_SECONDS * 1_000);
        h.receive(VICTIM, ServerHarness.echo(ServerHarness.id(1), cookie));
        assertThat(h.server.clientCount()).isZero();
    }

    @Test
    void aRegistrationPushedOutByAFloodStillJoinsAtItsNextRegistration() {
        ServerHarness h = new ServerHarness(ServerHarness.config().toBuilder().maxPending(1).build());
        Endpoint honest = addr("198.51.100.1", 4000);
        h.receive(honest, ServerHarness.register(1, honest, 1, true));
        Message challenge = h.drain().get(0).message();
        h.receive(VICTIM, ServerHarness.register(2, VICTIM, 1, true));
        h.receive(honest, ServerHarness.echo(ServerHarness.id(1), challenge.uint(TlvTypes.MYTS).getAsLong()));
        assertThat(h.server.clientCount()).isZero();
        // its address is proven: its next registration joins without another challenge
        h.drain();
        h.receive(honest, ServerHarness.register(1, honest, 2, true));
        assertThat(h.server.clientCount()).isOne();
        assertThat(h.drain()).singleElement().satisfies(s -> assertThat(s.message().address(TlvTypes.YOURADDR)).contains(honest));
    }

    @Test
    void junkForgedFromAClientsAddressDoesNotSpendItsBudget() {
        ServerHarness h = new ServerHarness(ServerHarness.config().withBounds(10, 5, 1, 100));
        Endpoint a = addr("198.51.100.7", 40000);
        h.registerAt(1, a, true);
        h.drain();
        byte[] junk = ServerHarness.register(1, a, 1, true);
        junk[junk.length - 1] ^= 1;
        for (int i = 0; i < 1_000; i++) {
            h.receive(a, junk);
        }
        h.receive(a, ServerHarness.register(1, a, 2, true));
        assertThat(h.drain()).as("the client's own registration is answered").hasSize(1);
        assertThat(h.server.drops().get("bad_checksum")).isEqualTo(1_000);
        assertThat(h.server.drops().get(ServerDropReason.RATE_LIMITED.label())).isZero();
    }

    @Test
    void aRegistrationFromElsewhereNeitherMovesALiveClientNorStoresItsReport() {
        List<String> reports = new ArrayList<>();
        List<Endpoint> moves = new ArrayList<>();
        ServerHarness h = new ServerHarness(ServerHarness.config(), new RendezvousListener() {
            @Override
            public void moved(RegisteredClient client, long now) {
                moves.add(client.external());
            }

            @Override
            public void reported(RegisteredClient client, String metaJson, long now) {
                reports.add(client.id() + " " + metaJson);
            }
        });
        Endpoint a = addr("198.51.100.7", 40000);
        h.registerAt(1, a, true);
        h.advance(5_000);
        h.registerAt(1, a, true);
        // the forger, at its own address, knows the client's id (lists carry it) and answers its mail
        byte[] forged = Codec.encode(Message.of(MessageKind.REGISTER, ServerHarness.id(1)).uint(TlvTypes.CLIENTVER, 1)
                .uint(TlvTypes.SEQUENCE, 1).address(TlvTypes.PTPADDR, FORGER).uint(TlvTypes.MYTS, 1)
                .json(TlvTypes.META, "{\"peer\":\"10.9.9.9:1\",\"sent\":1,\"received\":0,\"acked\":0,\"lost\":1}").build());
        h.drain();
        h.advance(1_000);
        h.receive(FORGER, forged);
        assertThat(h.drain()).as("not even challenged").isEmpty();
        assertThat(h.server.drops().get(ServerDropReason.LIVE_ELSEWHERE.label())).isOne();
        assertThat(moves).isEmpty();
        assertThat(reports).isEmpty();
        // the client itself reports from its own address
        h.receive(a, Codec.encode(Message.of(MessageKind.REGISTER, ServerHarness.id(1)).uint(TlvTypes.CLIENTVER, 1)
                .uint(TlvTypes.SEQUENCE, 2).address(TlvTypes.PTPADDR, a).uint(TlvTypes.MYTS, 2)
                .json(TlvTypes.META, "{\"ok\":1}").build()));
        assertThat(reports).singleElement().asString().endsWith("{\"ok\":1}");
    }

    @Test
    void aClientWhoseNatRemappedItMovesOnceItsOldAddressIsSilent() {
        ServerHarness h = new ServerHarness(ServerHarness.config());
        Endpoint before = addr("198.51.100.7", 40000);
        Endpoint after = addr("198.51.100.7", 40001);
        h.registerAt(1, before, true);
        h.advance(7_000);
        h.registerAt(1, after, true);
        assertThat(h.server.drops().get(ServerDropReason.LIVE_ELSEWHERE.label())).isOne();
        h.advance(1_000);
        assertThat(h.server.snapshot().rows()).singleElement().satisfies(r -> assertThat(r.external()).isEqualTo(before.toString()));
        h.advance(ServerDefaults.MOVE_AFTER_SECONDS * 1_000 - 8_000 + 1);
        h.registerAt(1, after, true);
        h.advance(1_000);
        assertThat(h.server.snapshot().rows()).singleElement().satisfies(r -> assertThat(r.external()).isEqualTo(after.toString()));
    }

    @Test
    void aJoinAmongThousandsChangesTheListsAroundItOnly() {
        ServerHarness h = populated(ServerHarness.config(), 2_000);
        h.registerAt(5_000, addr("203.0.113.9", 9), true);
        h.advance(ServerHarness.config().announceGap() + 100);
        List<Sent> sent = h.drain();
        long lists = sent.stream().filter(s -> s.message().kind() == MessageKind.LIST)
                .filter(s -> s.message().uint(TlvTypes.PAGE).orElse(0) == 0).count();
        // the newcomer and the 64 clients whose lists name it: not 2,001
        assertThat(lists).isEqualTo(ServerDefaults.LIST_LIMIT + 1);
    }

    @Test
    void noPublishTickSendsMoreThanTheBudgetAndEveryClientStillGetsItsListEveryPeriod() {
        ServerConfig config = ServerHarness.config().toBuilder().publishBudget(300).build();
        ServerHarness h = populated(config, 3_000);
        h.out.trace.clear();
        h.advance(config.publishEvery());
        Map<Endpoint, Long> firstPages = new java.util.HashMap<>();
        for (Sent s : h.drain()) {
            if (s.message().uint(TlvTypes.PAGE).orElse(0) == 0) {
                firstPages.merge(s.to(), 1L, Long::sum);
            }
        }
        assertThat(firstPages).hasSize(3_000).allSatisfy((to, n) -> assertThat(n).isOne());
        List<Long> ticks = h.out.trace.stream().filter(e -> e.event().equals("Publish"))
                .map(e -> ((Number) e.params().get("datagrams")).longValue()).toList();
        long total = ticks.stream().mapToLong(Long::longValue).sum();
        // a list is never split across ticks: a tick may end one list's pages past the budget
        assertThat(ticks).allMatch(d -> d < 300 + 2);
        assertThat(ticks.size()).isGreaterThanOrEqualTo((int) (total / 301));
    }
}
