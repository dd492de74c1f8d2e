package org.ptpmesh.portmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class DefaultGatewayTest {

    private static final String HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

    @Test
    void theDefaultRouteWithTheLowestMetricGivesTheGateway() throws Exception {
        String table = HEADER
                + "eth0\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
                + "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
                + "eth0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n";
        assertThat(DefaultGateway.parseRoutes(table)).hasValue(InetAddress.getByName("10.0.0.1"));
    }

    @Test
    void noDefaultRouteADownOneOrOneWithoutAGatewayIsNone() {
        assertThat(DefaultGateway.parseRoutes(HEADER)).isEmpty();
        assertThat(DefaultGateway.parseRoutes(HEADER + "eth0\t00000000\t0100000A\t0002\t0\t0\t0\t00000000\t0\t0\t0\n"))
                .as("not up").isEmpty();
        assertThat(DefaultGateway.parseRoutes(HEADER + "tun0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n"))
                .as("a device route, no gateway").isEmpty();
        assertThat(DefaultGateway.parseRoutes(HEADER + "garbage\n\tx y\n")).isEmpty();
    }
}
