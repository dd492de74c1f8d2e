package org.ptpmesh.conformance.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ptpmesh.conformance.pcap.ValidationOptions;
import org.ptpmesh.lab.Lab;
import org.ptpmesh.lab.LabHost;
import org.ptpmesh.lab.LabIntroducer;
import org.ptpmesh.lab.LabNat;
import org.ptpmesh.lab.LiveCapture;
import org.ptpmesh.lab.NftablesNatRouter;
import org.ptpmesh.peer.PeerDefaults;

/**
 * A case in a NAT lab of its own (docs/lab.md), built with {@link Lab}: the introducers on
 * public hosts of the lab's internet (198.51.100.x, port 23456), peer-a and peer-b each behind a
 * NAT of the kind the case needs (or public, for a Static one) on port 3456 with TEST on 3457,
 * and, for transfer-loss, 5% loss on the internet router. Each peer's traffic is captured where
 * it enters the internet (its NAT's WAN side, or a public host's own interface), so the captures
 * show the addresses the other side and the introducers see.
 */
final class LabNetwork implements CaseNetwork {

    private final Lab lab;
    private final CasePlan plan;
    private final List<LiveCapture> captures;
    private final Layout layout;

    /** The NAT kinds of the two peers, and the loss on the internet, for one case. */
    record Layout(LabNat peerA, LabNat peerB, int lossPercent) {

        static Layout of(InteropCase c) {
            return switch (c) {
                case PUNCH_BIRTHDAY -> new Layout(LabNat.EASY, LabNat.HARD, 0);
                // a receiver must be reachable without punching: it is a public (Static) host
                case TRANSFER -> new Layout(LabNat.EASY, LabNat.STATIC, 0);
                case TRANSFER_LOSS -> new Layout(LabNat.EASY, LabNat.STATIC, LoopbackNetwork.LOSS_PERCENT);
                // relay: Easy/Easy would punch directly, so a relayed result shows the relay-only switch at work
                default -> new Layout(LabNat.EASY, LabNat.EASY, 0);
            };
        }

        String describe() {
            return peerA.label() + " x " + peerB.label() + (lossPercent > 0 ? ", " + lossPercent + "% loss" : "");
        }
    }

    private LabNetwork(Lab lab, CasePlan plan, List<LiveCapture> captures, Layout layout) {
        this.lab = lab;
        this.layout = layout;
        this.plan = plan;
        this.captures = captures;
    }

    /** Builds the case's lab; needs root (see {@link org.ptpmesh.lab.LabSupport}). */
    static LabNetwork build(InteropCase c, Path dir, boolean capture) throws java.io.IOException {
        Layout layout = Layout.of(c);
        Lab lab = Lab.create();
        try {
            List<RoleSite> introducers = new ArrayList<>();
            for (int i = 1; i <= c.introducers(); i++) {
                LabHost host = lab.publicHost("intro" + i);
                introducers.add(new RoleSite(host.address().getHostAddress() + ":" + LabIntroducer.PORT, 0, host.netns().name()));
            }
            List<LiveCapture> captures = new ArrayList<>();
            LabHost a = peerHost(lab, "a", layout.peerA());
            RoleSite siteA = site(a);
            RoleSite siteB = null;
            if (capture) {
                captures.add(captureAt(lab, a, dir.resolve("capture-a.pcap")));
            }
            if (c.hasPeerB()) {
                LabHost b = peerHost(lab, "b", layout.peerB());
                siteB = site(b);
                if (capture) {
                    captures.add(captureAt(lab, b, dir.resolve("capture-b.pcap")));
                }
            }
            if (layout.lossPercent() > 0) {
                lab.loss(layout.lossPercent());
            }
            Path file = CasePlan.isTransfer(c) ? CasePlan.transferFile(dir) : null;
            CasePlan plan = new CasePlan(introducers, siteA, siteB, siteB == null ? null : siteB.bind(), "lab",
                    natName(layout.peerA()), file, file == null ? "" : CasePlan.sha256(file));
            return new LabNetwork(lab, plan, captures, layout);
        } catch (RuntimeException | java.io.IOException e) {
            lab.close();
            throw e;
        }
    }

    private static LabHost peerHost(Lab lab, String which, LabNat kind) {
        if (kind == LabNat.STATIC) {
            return lab.publicHost("peer" + which);
        }
        return lab.nat("nat" + which, kind).host("peer" + which);
    }

    private static RoleSite site(LabHost host) {
        return new RoleSite(host.address().getHostAddress() + ":" + PeerDefaults.LOCAL_PORT, PeerDefaults.TEST_PORT, host.netns().name());
    }

    private static LiveCapture captureAt(Lab lab, LabHost host, Path file) {
        return host.isPublic() ? LiveCapture.start(lab, host.netns(), LabHost.INTERFACE, file)
                : LiveCapture.start(lab, host.nat().netns(), NftablesNatRouter.WAN, file);
    }

    /** As the adapter contract spells NAT types: Static, Easy, Hard. */
    private static String natName(LabNat kind) {
        String n = kind.expectedType().name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    @Override
    public CasePlan plan() {
        return plan;
    }

    @Override
    public List<Path> captures() {
        return captures.stream().map(LiveCapture::file).toList();
    }

    @Override
    public ValidationOptions validation() {
        return ValidationOptions.defaults();
    }

    @Override
    public String summary() {
        return "lab: " + layout.describe();
    }

    /** Stops the captures and deletes the lab's namespaces. */
    @Override
    public void close() {
        lab.close();
    }
}
