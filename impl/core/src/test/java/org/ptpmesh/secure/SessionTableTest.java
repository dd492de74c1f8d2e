package org.ptpmesh.secure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ptpmesh.noise.CounterCipher;
import org.ptpmesh.wire.Endpoint;

/** Which session sealed datagrams on a route go in, and when sessions and handshakes are forgotten. */
class SessionTableTest {

    private static final Route PEER = new Route(7000, Endpoint.of("10.1.0.1", 7000));
    private static final Route ELSEWHERE = new Route(7000, Endpoint.of("10.1.0.2", 7001));
    private static final Route PEER_FROM_OTHER_PORT = new Route(7001, PEER.endpoint());

    private final SplittableRandom random = new SplittableRandom(5);
    private final SessionTable table = new SessionTable(SecureLimits.peer().withMaxSessions(2));

    @Test
    void aNewSessionTakesTheEndpointOnlyFromOneNeverConfirmed() {
        Session first = session(1, PEER, 0);
        table.addSession(first);
        Session retried = session(2, PEER, 0);
        table.addSession(retried);
        assertThat(table.sessionOn(PEER)).isSameAs(retried);

        table.received(retried, 10);
        long later = SecureLimits.HANDSHAKE_MILLIS;
        table.expire(later);
        assertThat(table.session(1)).isNull();
        Session replayed = session(3, PEER, later);
        table.addSession(replayed);
        // a replayed init's session does not take the endpoint from the confirmed one
        assertThat(table.sessionOn(PEER)).isSameAs(retried);
        // until the peer seals in it
        table.received(replayed, later + 1);
        assertThat(table.sessionOn(PEER)).isSameAs(replayed);
    }

    @Test
    void aSessionIsOfOneRouteAndOfNoOtherPortToTheSameEndpoint() {
        Session s = session(1, PEER, 0);
        table.addSession(s);
        table.received(s, 5);
        assertThat(table.sessionOn(PEER)).isSameAs(s);
        assertThat(table.sessionOn(PEER_FROM_OTHER_PORT)).isNull();
        assertThat(table.hasSessionWith(PEER.endpoint())).isTrue();
        assertThat(table.hasSessionWith(ELSEWHERE.endpoint())).isFalse();
    }

    @Test
    void ofTwoSessionsOnOneRouteTheNewestCarriesUntilThePeerSealsInTheOther() {
        // both peers started a handshake at once: each answered the other's and completed its own
        Session answered = session(1, PEER, 0);
        Session own = session(2, PEER, 1);
        table.addSession(answered);
        table.addSession(own);
        assertThat(table.sessionOn(PEER)).isSameAs(own);
        table.received(answered, 2);
        assertThat(table.sessionOn(PEER)).isSameAs(answered);
        assertThat(table.session(2)).isSameAs(own);
    }

    @Test
    void aFullTableMakesRoomOnlyByForgettingSessionsNoLongerLive() {
        Session live = session(1, PEER, 0);
        Session unconfirmed = session(2, ELSEWHERE, 0);
        table.addSession(live);
        table.addSession(unconfirmed);
        table.received(live, 1_000);
        assertThat(table.hasRoomForSession(SecureLimits.HANDSHAKE_MILLIS - 1)).isFalse();
        assertThat(table.hasRoomForSession(SecureLimits.HANDSHAKE_MILLIS)).isTrue();
        assertThat(table.session(1)).isSameAs(live);
        assertThat(table.session(2)).isNull();
        assertThat(table.sessionOn(ELSEWHERE)).isNull();
    }

    @Test
    void freshIndexesAvoidEveryIndexInUse() {
        table.addSession(session(1, PEER, 0));
        for (int i = 0; i < 1_000; i++) {
            long index = table.freshIndex(random, taken -> taken % 2 == 0);
            assertThat(index).isBetween(0L, 0xFFFF_FFFFL).isNotEqualTo(1L);
            assertThat(index % 2).isOne();
        }
    }

    private Session session(long localIndex, Route route, long now) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return new Session(localIndex, localIndex + 100, key, false, CounterCipher.withKey(key), CounterCipher.withKey(key), route, now);
    }
}
