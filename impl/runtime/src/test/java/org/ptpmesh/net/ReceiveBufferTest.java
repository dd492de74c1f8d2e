package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ReceiveBufferTest {

    @Test
    void aStockDebianLimitGetsAdviceThatNamesTheSizesAndTheFix() {
        // net.core.rmem_max = 212992, as Java reports it (Linux doubles it internally)
        assertThat(ReceiveBuffer.advice(212_992)).hasValueSatisfying(a -> assertThat(a)
                .contains("208 KiB", "4096 KiB", "sysctl -w net.core.rmem_max=4194304"));
    }

    @Test
    void aBufferOfWhatWasAskedForOrMoreNeedsNoAdvice() {
        assertThat(ReceiveBuffer.advice(UdpRuntime.SOCKET_BUFFER)).isEmpty();
        assertThat(ReceiveBuffer.advice(2 * UdpRuntime.SOCKET_BUFFER)).isEmpty();
    }

    @Test
    void theProbeReadsWhatTheKernelGranted() throws IOException {
        // Linux grants at least its minimum (a few KiB) and at most what was asked for
        assertThat(ReceiveBuffer.granted()).isBetween(2048, UdpRuntime.SOCKET_BUFFER);
    }

    @Test
    void aGrantedBufferHoldsTwiceItsBytesOverWhatEachDatagramIsCharged() {
        // 4 MiB granted: 8 MiB of buffer, about 1,880 datagrams, as counted between namespaces
        assertThat(ReceiveBuffer.datagrams(4 << 20)).isEqualTo(1_879);
        // a stock Debian's limit
        assertThat(ReceiveBuffer.datagrams(212_992)).isEqualTo(95);
        assertThat(ReceiveBuffer.datagrams(1)).isEqualTo(1);
    }
}
