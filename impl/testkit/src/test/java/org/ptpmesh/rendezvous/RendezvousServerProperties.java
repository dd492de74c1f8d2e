package org.ptpmesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Violations;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.list.ClientEntry;
import org.ptpmesh.wire.list.ClientListAssembler;

/**
 * The server as a state machine under random schedules of registrations (some announcing a port
 * mapping on their own IP, some on a stranger's), shutdowns, silences and junk, checked against
 * a model of who must and who must not be registered, and where each is listed.
 */
class RendezvousServerProperties {

    sealed interface Step {
    }

    /** What a registration says of a port mapping. */
    enum Mapping {
        /** No UPNP, no MAPPEDADDR: listed where its datagrams come from. */
        NONE,
        /** UPNP 1 and a MAPPEDADDR on its own IP: listed there. */
        OWN,
        /** UPNP 1 and a MAPPEDADDR on a stranger's IP: refused, the listing stays as it was. */
        STRANGER
    }

    record Register(int client, boolean ptpmesh, Mapping mapping) implements Step {
    }

    record Shutdown(int client) implements Step {
    }

    record Wait(long millis) implements Step {
    }

    record Junk(byte[] bytes) implements Step {
    }

    private static final long PURGE = 30_000;
    /** The purge check runs every tenth of the silence (capped at 1 s): a purge may be that late. */
    private static final long PURGE_LATENESS = 1_000;

    @Provide
    Arbitrary<List<Step>> schedules() {
        Arbitrary<Step> register = Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.of(true, false),
                Arbitraries.of(Mapping.class)).as(Register::new);
        Arbitrary<Step> shutdown = Arbitraries.integers().between(0, 7).map(Shutdown::new);
        Arbitrary<Step> wait = Arbitraries.longs().between(0, 20_000).map(Wait::new);
        Arbitrary<Step> junk = Arbitraries.bytes().array(byte[].class).ofMaxSize(80).map(Junk::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, register), net.jqwik.api.Tuple.of(1, shutdown),
                net.jqwik.api.Tuple.of(3, wait), net.jqwik.api.Tuple.of(1, junk)).list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void everyRegistrationIsEchoedAndListsMatchTheModel(@ForAll("schedules") List<Step> schedule) {
        ServerHarness h = new ServerHarness(ServerHarness.config());
        Map<Integer, Long> lastHeard = new HashMap<>();
        Map<Integer, Boolean> speaksPtpmesh = new HashMap<>();
        Map<Integer, Endpoint> listedAt = new HashMap<>();
        for (Step step : schedule) {
            if (step instanceof Register r) {
                    Long heard = lastHeard.get(r.client());
                    if (heard != null && h.now - heard > PURGE) {
                        // the server may or may not have purged it yet, and a purged client's next
                        // registration starts afresh (no mapping kept): wait until it surely has
                        h.drain();
                        h.advance(PURGE_LATENESS);
                        checkLists(h.drain(), lastHeard, listedAt);
                        lastHeard.remove(r.client());
                        speaksPtpmesh.remove(r.client());
                        listedAt.remove(r.client());
                    }
                    Endpoint from = address(r.client());
                    long myts = Timestamps.fromMillis(h.now);
                    boolean ptpmesh = speaksPtpmesh.getOrDefault(r.client(), r.ptpmesh());
                    byte[] register = switch (r.mapping()) {
                        case NONE -> ServerHarness.register(r.client(), from, myts, ptpmesh);
                        case OWN -> ServerHarness.mappedRegister(r.client(), from, myts, ptpmesh, 1, ownMapping(r.client()));
                        case STRANGER -> ServerHarness.mappedRegister(r.client(), from, myts, ptpmesh, 1,
                                strangersMapping(r.client()));
                    };
                    h.receive(from, register);
                    List<Sent> replies = new java.util.ArrayList<>(h.out.sent);
                    assertThat(replies).hasSize(1);
                    Message echo = replies.get(0).message();
                    assertThat(replies.get(0).to()).isEqualTo(from);
                    assertThat(echo.kind()).isEqualTo(MessageKind.ECHO);
                    assertThat(echo.uint(TlvTypes.YOURTS)).hasValue(myts);
                    assertThat(echo.has(TlvTypes.MSGKIND)).isEqualTo(ptpmesh);
                    // a challenge (the client not registered from there) is never larger than the registration
                    if (echo.has(TlvTypes.MYTS)) {
                        assertThat(replies.get(0).payload().length).isLessThanOrEqualTo(register.length);
                        assertThat(h.answerChallenge(from)).isTrue();
                        assertThat(h.out.sent).as("an answered challenge brings nothing at once").isEmpty();
                    }
                    h.drain();
                    lastHeard.put(r.client(), h.now);
                    speaksPtpmesh.putIfAbsent(r.client(), ptpmesh);
                    listedAt.put(r.client(), switch (r.mapping()) {
                        case NONE -> from;
                        case OWN -> ownMapping(r.client());
                        // still mapped (UPNP 1) without a mapped address it may keep: the one known stays
                        case STRANGER -> listedAt.getOrDefault(r.client(), from);
                    });
            } else if (step instanceof Shutdown s) {
                    h.drain();
                    h.receive(address(s.client()), ServerHarness.shutdown(s.client()));
                    lastHeard.remove(s.client());
                    speaksPtpmesh.remove(s.client());
                    listedAt.remove(s.client());
                    // a departure is published at once: that list already leaves the client out
                    checkLists(h.drain(), lastHeard, listedAt);
            } else if (step instanceof Wait w) {
                    h.drain();
                    h.advance(w.millis());
                    checkLists(h.drain(), lastHeard, listedAt);
                    lastHeard.values().removeIf(at -> h.now - at > PURGE + PURGE_LATENESS);
                    speaksPtpmesh.keySet().retainAll(lastHeard.keySet());
                    listedAt.keySet().retainAll(lastHeard.keySet());
            } else if (step instanceof Junk j) {
                    long before = h.server.drops().total();
                    h.receive(address(99), j.bytes());
                    assertThat(h.drain()).isEmpty();
                    assertThat(h.server.drops().total()).isEqualTo(before + 1);
            }
            // registered: at least everyone heard within the purge window, at most everyone not shut down
            long mustBeThere = lastHeard.values().stream().filter(at -> h.now - at <= PURGE).count();
            assertThat(h.server.clientCount()).isBetween((int) mustBeThere, lastHeard.size());
        }
    }

    /**
     * Every list names neither its addressee nor anyone gone, each client where the model says it
     * is listed (never on a stranger's IP), and breaks no message rule.
     */
    private static void checkLists(List<Sent> sent, Map<Integer, Long> lastHeard, Map<Integer, Endpoint> listedAt) {
        Set<Endpoint> alive = new HashSet<>();
        Set<Endpoint> aliveListed = new HashSet<>();
        lastHeard.forEach((client, at) -> {
            alive.add(address(client));
            aliveListed.add(listedAt.get(client));
        });
        for (Sent s : sent) {
            Message m = s.message();
            assertThat(m.kind()).isEqualTo(MessageKind.LIST);
            assertThat(Violations.of(m)).isEmpty();
            assertThat(alive).contains(s.to());
            for (ClientEntry e : ClientListAssembler.entries(m)) {
                assertThat(e.external().address()).isNotEqualTo(s.to().address());
                assertThat(e.external()).isIn(aliveListed);
            }
        }
    }

    private static Endpoint address(int client) {
        return Endpoint.of("203.0.113." + (client + 1), 4000 + client);
    }

    /** The port its gateway forwards to it, on its own IP. */
    private static Endpoint ownMapping(int client) {
        return Endpoint.of("203.0.113." + (client + 1), 3000 + client);
    }

    /** A mapping it claims on someone else's IP, which the server must never list. */
    private static Endpoint strangersMapping(int client) {
        return Endpoint.of("192.0.2." + (client + 1), 3000 + client);
    }
}
