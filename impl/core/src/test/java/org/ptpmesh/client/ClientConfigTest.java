package org.ptpmesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.Endpoint;

class ClientConfigTest {

    private static final Endpoint SERVER = Endpoint.of("198.51.100.7", 23456);
    private static final Endpoint SELF = Endpoint.of("192.168.1.10", 4000);

    @Test
    void theDefaultsArePtptestsTimers() {
        ClientConfig config = ClientConfig.of(SERVER, 4000, SELF, new byte[16]);
        assertThat(config.registerEvery()).isEqualTo(7_000);
        assertThat(config.probeEvery()).isEqualTo(500);
        assertThat(config.lossTimeout()).isEqualTo(2_000);
        assertThat(config.nat()).isZero();
    }

    @Test
    void aCopyKeepsThePeerIdAndChangesWhatItIsTold() {
        byte[] id = new byte[16];
        id[0] = 7;
        ClientConfig config = ClientConfig.of(SERVER, 4000, SELF, id).withNat(2).withTimers(1_000, 100, 300);
        ClientConfig copy = config.toBuilder().build();
        assertThat(copy.peerId()).isEqualTo(id);
        assertThat(copy.nat()).isEqualTo(2);
        assertThat(copy.registerEvery()).isEqualTo(1_000);
        assertThat(copy.probeEvery()).isEqualTo(100);
        assertThat(copy.lossTimeout()).isEqualTo(300);
    }
}
