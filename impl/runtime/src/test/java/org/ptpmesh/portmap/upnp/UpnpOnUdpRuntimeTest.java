package org.ptpmesh.portmap.upnp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.portmap.MappingProtocol;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.portmap.PortMapping;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * The whole order on real sockets: a peer whose gateway (loopback) answers neither PCP nor
 * NAT-PMP gets its mapping from the runtime's UPnP client and the fake IGD, holds it as a UPnP
 * mapping, and has it deleted when the runtime stops with the peer's last words.
 */
class UpnpOnUdpRuntimeTest {

    @Test
    void aPeerThatPcpAndNatPmpLeaveUnmappedIsMappedByUpnpAndTheMappingGoesAtStop() throws Exception {
        InetAddress lo = FakeIgd.LOOPBACK;
        List<TraceEvent> traces = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (FakeIgd igd = new FakeIgd()) {
            Random random = new Random(7);
            // introducers that never answer: the mapping does not wait for the NAT check
            PeerIdentity a = new PeerIdentity(PeerId.random(random).bytes(), new Endpoint(lo, LocalAddresses.freeUdpPort(lo)));
            PeerIdentity b = new PeerIdentity(PeerId.random(random).bytes(), new Endpoint(lo, LocalAddresses.freeUdpPort(lo)));
            int port = LocalAddresses.freeUdpPort(lo);
            PeerConfig config = PeerConfig.defaults("mapped", a, b).withPorts(port, LocalAddresses.freeUdpPort(lo)).toBuilder()
                    .portMap(new PortMapGateway(lo, lo)).build();
            Peer peer = new Peer(config, PeerId.random(random), System.currentTimeMillis(), random, (from, payload, now) -> { });
            UdpRuntime runtime = new UdpRuntime(peer, lo, traces::add, DatagramTap.NONE, errors::add, System::currentTimeMillis)
                    .strict(true).upnp(igd.settings());
            runtime.start();

            long deadline = System.currentTimeMillis() + 10_000;
            Optional<PortMapping> mapping = Optional.empty();
            while (mapping.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
                mapping = ask(runtime, peer);
            }
            assertThat(mapping).as("mapped within 10 s: %s", traces).isPresent();
            assertThat(mapping.get().protocol()).isEqualTo(MappingProtocol.UPNP);
            assertThat(mapping.get().external()).isEqualTo(FakeIgd.EXTERNAL + ":" + port);
            assertThat(igd.mappings).containsKey(port);
            assertThat(traces).filteredOn(t -> t.event().equals(DiagnosticEvent.PORT_MAP_REQUEST.actionName()))
                    .as("PCP 3 times, NAT-PMP 3 times (address first), then UPnP").hasSize(7);

            runtime.stop(peer::stop, 2_000);
            assertThat(igd.mappings).as("deleted before stop returned").isEmpty();
            assertThat(errors).isEmpty();
        }
    }

    private static Optional<PortMapping> ask(UdpRuntime runtime, Peer peer) throws Exception {
        CompletableFuture<Optional<PortMapping>> answer = new CompletableFuture<>();
        runtime.execute((now, out) -> answer.complete(peer.portMapping()));
        return answer.get(5, TimeUnit.SECONDS);
    }
}
