package org.ptpmesh.conformance.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.ptpmesh.conformance.pcap.ValidationOptions;
import org.ptpmesh.lab.LabException;
import org.ptpmesh.lab.LiveCapture;
import org.ptpmesh.wire.Endpoint;

/**
 * A case on loopback: free ports on 127.0.0.1 (and 127.0.0.2 for a second introducer, so the
 * two introducers have different addresses as the NAT check needs), or all on ::1 for IPv6, the case's UDP recorded on
 * {@code lo} (a {@link LiveCapture}, as the lab's), and for transfer-loss a {@link LossyUdpRelay} between sender and receiver.
 */
final class LoopbackNetwork implements CaseNetwork {

    /** transfer-loss: the share of datagrams the relay drops in each direction. */
    static final int LOSS_PERCENT = 5;
    private static final long LOSS_SEED = 5;
    private static final long DRAIN_MILLIS = 300;

    private final CasePlan plan;
    private final Set<Integer> ports;
    private final LiveCapture recorder;
    private final LossyUdpRelay relay;
    private final Path pcap;

    private LoopbackNetwork(CasePlan plan, Set<Integer> ports, LiveCapture recorder, LossyUdpRelay relay, Path pcap) {
        this.plan = plan;
        this.ports = ports;
        this.recorder = recorder;
        this.relay = relay;
        this.pcap = pcap;
    }

    /** @param ipv6 every role on ::1; IPv6 loopback has that one address, so the introducers differ by port only */
    static LoopbackNetwork build(InteropCase c, Path dir, boolean capture, boolean ipv6) throws IOException, InterruptedException {
        InetAddress lo1 = ipv6 ? InetAddress.getByName("::1") : InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        InetAddress lo2 = ipv6 ? lo1 : InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        Set<Integer> ports = new LinkedHashSet<>();
        List<RoleSite> introducers = new ArrayList<>();
        for (int i = 0; i < c.introducers(); i++) {
            InetAddress host = i == 0 ? lo1 : lo2;
            int p = LoopbackPorts.freePair(host);
            ports.add(p);
            ports.add(p + 1);
            introducers.add(new RoleSite(new Endpoint(host, p).toString(), 0, null));
        }
        RoleSite a = peer(lo1, ports);
        RoleSite b = c.hasPeerB() ? peer(lo1, ports) : null;
        String peerForA = b == null ? null : b.bind();
        LossyUdpRelay relay = null;
        if (c == InteropCase.TRANSFER_LOSS) {
            int front = LoopbackPorts.free(lo1);
            int back = LoopbackPorts.free(lo1);
            ports.add(front);
            ports.add(back);
            int bPort = Integer.parseInt(b.bind().substring(b.bind().lastIndexOf(':') + 1));
            relay = new LossyUdpRelay(new InetSocketAddress(lo1, front), new InetSocketAddress(lo1, back),
                    new InetSocketAddress(lo1, bPort), LOSS_PERCENT, LOSS_SEED);
            peerForA = new Endpoint(lo1, front).toString();
        }
        Path file = CasePlan.isTransfer(c) ? CasePlan.transferFile(dir) : null;
        CasePlan plan = new CasePlan(introducers, a, b, peerForA, "loopback", "Static", file, file == null ? "" : CasePlan.sha256(file));
        Path pcap = dir.resolve("capture.pcap");
        try {
            LiveCapture recorder = capture ? LiveCapture.onHost("lo", filter(ports), pcap) : null;
            return new LoopbackNetwork(plan, ports, recorder, relay, pcap);
        } catch (LabException e) {
            if (relay != null) {
                relay.close();
            }
            throw new IllegalStateException(e.getMessage() + "; or run with --no-capture", e);
        }
    }

    /** Only the case's own UDP: other traffic on lo (other tests, other cases) stays out of its capture. */
    private static String filter(Set<Integer> ports) {
        return "udp and (" + ports.stream().sorted().map(p -> "port " + p).collect(Collectors.joining(" or ")) + ")";
    }

    private static RoleSite peer(InetAddress host, Set<Integer> ports) {
        int bind = LoopbackPorts.free(host);
        int test = LoopbackPorts.free(host);
        ports.add(bind);
        ports.add(test);
        return new RoleSite(new Endpoint(host, bind).toString(), test, null);
    }

    @Override
    public CasePlan plan() {
        return plan;
    }

    @Override
    public List<Path> captures() {
        return recorder == null ? List.of() : List.of(pcap);
    }

    @Override
    public ValidationOptions validation() {
        return ValidationOptions.defaults().withPorts(ports);
    }

    @Override
    public String summary() {
        return relay == null ? "" : "loss relay dropped " + relay.dropped() + ", forwarded " + relay.forwarded();
    }

    @Override
    public void close() throws InterruptedException {
        if (relay != null) {
            relay.close();
        }
        if (recorder != null) {
            Thread.sleep(DRAIN_MILLIS);
            recorder.close();
        }
    }
}
