package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/** Strict mode off, as ptpserver runs: a node's exception is counted and reported, and the loop goes on. */
class UdpRuntimeProductionModeTest {

    private enum Tick implements TimerKey {
        FAIL, AFTER
    }

    @Test
    void aNodesExceptionIsCountedAndReportedAndTheLoopGoesOn() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        List<TimerKey> fired = new CopyOnWriteArrayList<>();
        Node node = new Node() {
            @Override
            public void start(long now, Effects out) {
                out.setTimer(Tick.FAIL, now + 10);
                out.setTimer(Tick.AFTER, now + 60);
            }

            @Override
            public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            }

            @Override
            public void onTimer(TimerKey key, long now, Effects out) {
                if (key == Tick.FAIL) {
                    throw new IllegalStateException("a bug in the node");
                }
                fired.add(key);
            }
        };
        UdpRuntime runtime = new UdpRuntime(node, InetAddress.getLoopbackAddress(), (TraceEvent e) -> { },
                DatagramTap.NONE, reported::add, System::currentTimeMillis);
        runtime.start();
        Thread.sleep(300);

        assertThatCode(runtime::close).doesNotThrowAnyException();
        assertThat(fired).containsExactly(Tick.AFTER);
        assertThat(runtime.stats().nodeErrors()).isEqualTo(1);
        assertThat(reported).extracting(Throwable::getMessage).contains("a bug in the node");
    }

    @Test
    void aSpecificBindAddressIsTheOneAddressReported() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        assertThat(new HostAddresses(loopback).get()).containsExactly(loopback);
    }

    @Test
    void onAllAddressesLoopbackAndLinkLocalAreLeftOutAndIpv4ComesFirst() throws Exception {
        List<InetAddress> all = new HostAddresses(InetAddress.getByName("0.0.0.0")).get();
        assertThat(all).noneMatch(a -> a.isLoopbackAddress() || a.isLinkLocalAddress());
        int firstV6 = all.indexOf(all.stream().filter(a -> a.getAddress().length == 16).findFirst().orElse(null));
        if (firstV6 >= 0) {
            assertThat(all.subList(firstV6, all.size())).allMatch(a -> a.getAddress().length == 16);
        }
    }
}
