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
 * The server as a state machine under random schedules of registrations, shutdowns, silences
 * and junk, checked against a model of who must and who must not be registered.
 */
class RendezvousServerProperties {

    sealed interface Step {
    }

    record Register(int client, boolean ptpmesh) implements Step {
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
        Arbitrary<Step> register = Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.of(true, false))
                .as(Register::new);
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
        for (Step step : schedule) {
            if (step instanceof Register r) {
                    Endpoint from = address(r.client());
                    long myts = Timestamps.fromMillis(h.now);
                    boolean ptpmesh = speaksPtpmesh.getOrDefault(r.client(), r.ptpmesh());
                    byte[] register = ServerHarness.register(r.client(), from, myts, ptpmesh);
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
            } else if (step instanceof Shutdown s) {
                    h.drain();
                    h.receive(address(s.client()), ServerHarness.shutdown(s.client()));
                    lastHeard.remove(s.client());
                    speaksPtpmesh.remove(s.client());
                    // a departure is published at once: that list already leaves the client out
                    checkLists(h.drain(), lastHeard, h.now);
            } else if (step instanceof Wait w) {
                    h.drain();
                    h.advance(w.millis());
                    checkLists(h.drain(), lastHeard, h.now);
                    lastHeard.values().removeIf(at -> h.now - at > PURGE + PURGE_LATENESS);
                    speaksPtpmesh.keySet().retainAll(lastHeard.keySet());
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

    /** Every list names neither its addressee nor anyone gone, and breaks no message rule. */
    private static void checkLists(List<Sent> sent, Map<Integer, Long> lastHeard, long now) {
        Set<Endpoint> alive = new HashSet<>();
        lastHeard.forEach((client, at) -> alive.add(address(client)));
        for (Sent s : sent) {
            Message m = s.message();
            assertThat(m.kind()).isEqualTo(MessageKind.LIST);
            assertThat(Violations.of(m)).isEmpty();
            assertThat(alive).contains(s.to());
            for (ClientEntry e : ClientListAssembler.entries(m)) {
                assertThat(e.external()).isNotEqualTo(s.to()).isIn(alive);
            }
        }
    }

    private static Endpoint address(int client) {
        return Endpoint.of("203.0.113." + (client + 1), 4000 + client);
    }
}
