package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.Endpoint;

class PeerConfigTest {

    private static final PeerIdentity A = new PeerIdentity(new byte[16], Endpoint.of("203.0.113.1", 3456));
    private static final PeerIdentity B = new PeerIdentity(new byte[16], Endpoint.of("203.0.113.2", 3456));

    @Test
    void theDefaultsAreTheIntroducerDesignsConstants() {
        PeerConfig config = PeerConfig.defaults("p", A, B);
        assertThat(config.localPort()).isEqualTo(3456);
        assertThat(config.testPort()).isEqualTo(3457);
        assertThat(config.keepAliveMillis()).isEqualTo(29_000);
        assertThat(config.connectingMaxMillis()).isEqualTo(10 * 1000 + PeerDefaults.PUNCH_DELAY_MILLIS);
        assertThat(config.relayOnly()).isFalse();
    }

    @Property
    void aCopyChangesOnlyWhatItIsTold(@ForAll @LongRange(min = 1, max = 600_000) long keepAlive,
                                      @ForAll @IntRange(min = 1, max = 255) int ttl) {
        PeerConfig defaults = PeerConfig.defaults("p", A, B);
        PeerConfig changed = defaults.withKeepAlive(keepAlive).withOpenerTtl(ttl);
        assertThat(changed.keepAliveMillis()).isEqualTo(keepAlive);
        assertThat(changed.openerTtl()).isEqualTo(ttl);
        assertThat(changed.toBuilder().keepAliveMillis(PeerDefaults.KEEP_ALIVE_TIMEOUT).openerTtl(PeerDefaults.OPENER_TTL)
                .build()).isEqualTo(defaults);
    }
}
