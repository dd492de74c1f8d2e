package org.ptpmesh.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.secure.Parties.CLIENT;
import static org.ptpmesh.secure.Parties.SERVER;
import static org.ptpmesh.secure.SecureNodeTest.validInit;

import org.junit.jupiter.api.Test;
import org.ptpmesh.noise.HandshakePattern;
import org.ptpmesh.noise.NoiseException;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;

/** A {@link SecureNode}'s tables stay within their limits however many inits arrive, and a live session survives them. */
class SecureNodeLimitsTest {

    private static final int SOURCES = 10_000;

    @Test
    void tenThousandXxInitsFromTenThousandAddressesKeepAtMostTheHandshakeLimit() throws NoiseException {
        Parties p = new Parties(31).start();
        byte[] init = validInit(p, HandshakePattern.XX);
        int sentBefore = p.net.sent.size();

        for (int i = 0; i < SOURCES; i++) {
            p.net.inject(source(i), SERVER, init);
            assertThat(p.server.handshakeCount()).isLessThanOrEqualTo(SecureLimits.MAX_HANDSHAKES);
        }

        assertThat(p.server.handshakeCount()).isEqualTo(SecureLimits.MAX_HANDSHAKES);
        assertThat(p.net.sent.subList(sentBefore, p.net.sent.size())).hasSize(SOURCES)
                .allSatisfy(s -> assertThat(s.data().length).isLessThanOrEqualTo(init.length));
        p.net.advance(SecureLimits.HANDSHAKE_MILLIS + 1_000);
        assertThat(p.server.handshakeCount()).isZero();
    }

    @Test
    void oneSourceKeepsAtMostFourHandshakesTheNewest() throws NoiseException {
        Parties p = new Parties(32).start();
        Endpoint source = source(1);
        for (int i = 0; i < 10; i++) {
            p.net.inject(source, SERVER, validInit(p, HandshakePattern.XX));
        }
        assertThat(p.server.handshakeCount()).isEqualTo(SecureLimits.MAX_HANDSHAKES_PER_SOURCE);
        p.net.inject(source(2), SERVER, validInit(p, HandshakePattern.XX));
        assertThat(p.server.handshakeCount()).isEqualTo(SecureLimits.MAX_HANDSHAKES_PER_SOURCE + 1);
    }

    @Test
    void tenThousandIkInitsFillTheSessionsButNeverDisplaceALiveOne() throws NoiseException {
        Parties p = new Parties(33);
        p.trust.expected = p.serverIdentity.keys().publicKey();
        p.start();
        p.net.advance(1_500);
        assertThat(p.server.sessionCount()).isOne();
        byte[] init = validInit(p, HandshakePattern.IK);

        for (int i = 0; i < SOURCES; i++) {
            p.net.inject(source(i), SERVER, init);
        }

        assertThat(p.server.sessionCount()).isEqualTo(SecureLimits.INTRODUCER_SESSIONS);
        assertThat(p.server.drops().get("session_limit")).isEqualTo(SOURCES - (SecureLimits.INTRODUCER_SESSIONS - 1));
        int acks = p.clientInner.got(MessageKind.DATA_ACK).size();
        p.net.advance(1_000);
        assertThat(p.clientInner.got(MessageKind.DATA_ACK)).hasSize(acks + 1);

        // nothing sealed came in the flood's sessions: they go once the handshake time is up, the live one stays
        p.net.advance(SecureLimits.HANDSHAKE_MILLIS);
        assertThat(p.server.sessionCount()).isOne();
        assertThat(p.server.hasSessionWith(CLIENT)).isTrue();
    }

    @Test
    void aSessionInWhichNothingArrivesIsForgottenTheInitiatorsFirst() {
        Parties p = new Parties(34).start();
        p.net.advance(2_500);
        long lastHeard = p.net.now;
        // from now on nothing arrives, though the client's inner node keeps sending
        p.net.lose = s -> true;
        long initiatorIdle = SecureLimits.IDLE_MILLIS - SecureLimits.INITIATOR_MARGIN_MILLIS;

        p.net.advance(initiatorIdle - 1_000 - (p.net.now - lastHeard));
        assertThat(p.client.hasSessionWith(SERVER)).isTrue();
        p.net.advance(2_000);
        assertThat(p.client.hasSessionWith(SERVER)).isFalse();
        assertThat(p.server.hasSessionWith(CLIENT)).isTrue();
        p.net.advance(SecureLimits.INITIATOR_MARGIN_MILLIS);
        assertThat(p.server.hasSessionWith(CLIENT)).isFalse();
    }

    private static Endpoint source(int i) {
        return Endpoint.of("198.18." + (i >>> 8) + "." + (i & 0xFF), 1024 + i);
    }
}
