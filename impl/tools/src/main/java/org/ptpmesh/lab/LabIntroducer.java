package org.ptpmesh.lab;

import java.security.SecureRandom;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.introducer.IntroducerLabels;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.compose.ServerNode;
import org.ptpmesh.rendezvous.ServerDefaults;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.KeyLog;
import org.ptpmesh.secure.SecureConfig;
import org.ptpmesh.secure.SecureNode;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * What one ptpserver runs (rendezvous server and introducer on one port, inside the session
 * layer, with a key made for the run), on a public host of the lab.
 */
public final class LabIntroducer extends NodeInNamespace {

    /** ptptest's port; the introducer's TEST messages leave from the next one. */
    public static final int PORT = ServerDefaults.PORT;

    private final ServerNode server;

    private LabIntroducer(LabHost host, ServerNode server, SecureNode sealed) {
        // on both families where the host has IPv6: one introducer serves and relays IPv4 and IPv6 peers
        super(host, sealed, host.ipv6().isPresent() ? ANY_DUAL_STACK : ANY);
        this.server = server;
    }

    /** Starts a ptpserver's node on {@code host}; the lab stops it when it closes. */
    public static LabIntroducer start(Lab lab, LabHost host) {
        if (!host.isPublic()) {
            throw new IllegalArgumentException("an introducer must be reachable: put it on a public host, not behind " + host.nat().name());
        }
        SecureRandom random = new SecureRandom();
        // keyed clients register sealed as with ptpserver; the lab's keyed peers pin the key
        Identity identity = lab.keys().identity(host.name());
        ServerNode node = new ServerNode(new RendezvousServer(ServerConfig.defaults().withPort(PORT), RendezvousListener.NONE,
                random), new Introducer(IntroducerConfig.defaults(host.name(), PORT), PeerId.random(random),
                        System.currentTimeMillis(), random), PORT);
        LabIntroducer introducer = lab.own(new LabIntroducer(host, node,
                NodeSecurity.sealed(node, SecureConfig.server(identity, KeyLog.NONE, host.name()))));
        introducer.start();
        lab.keys().pinIntroducer(introducer.identity().endpoint(), identity.keys().publicKey());
        host.ipv6().ifPresent(v6 -> lab.keys().pinIntroducer(introducer.identity6().endpoint(), identity.keys().publicKey()));
        return introducer;
    }

    /** How peers are configured to know it: by its address (the id is only a label). */
    public PeerIdentity identity() {
        return IntroducerLabels.of(new Endpoint(host().address(), PORT));
    }

    /** As {@link #identity}, by its IPv6 address: a peer knowing it so works on IPv6. */
    public PeerIdentity identity6() {
        return IntroducerLabels.of(new Endpoint(host().ipv6()
                .orElseThrow(() -> new IllegalStateException(host().name() + " has no IPv6 address")), PORT));
    }

    public int registrations() {
        return ask(now -> server.introducer().registrations());
    }
}
