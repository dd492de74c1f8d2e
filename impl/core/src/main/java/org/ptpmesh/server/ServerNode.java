package org.ptpmesh.server;

import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.PrefixedEffects;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/**
 * What one ptpserver process runs: the rendezvous server (ptptest registration, lists, purge,
 * echo) and the introducer (ping/pong/test, introductions, relay) on the same port. PING,
 * INTRO_REQUEST and RELAY go to the introducer, everything else to the rendezvous server. Both
 * roles draw on one rate budget per source (the rendezvous server's limiter), so a flood of
 * well-formed PINGs is limited like any other; only RELAY is held to the introducer's own
 * relay quota instead. {@link #drops()} shows what either role refused.
 * The introducer's timers are kept apart by a prefix, and it does not bind the shared port a
 * second time.
 */
public final class ServerNode implements Node {

    private static final String INTRODUCER_TIMER = "introducer.";
    /** Drop reasons of the introducer role, told apart from the rendezvous server's by this prefix. */
    public static final String INTRODUCER_DROPS = "introducer_";

    private final RendezvousServer rendezvous;
    private final Introducer introducer;
    private final int port;
    private final DatagramView view = new DatagramView();

    /** @param port the port both share; the introducer's TEST messages leave from its own second port */
    public ServerNode(RendezvousServer rendezvous, Introducer introducer, int port) {
        this.rendezvous = rendezvous;
        this.introducer = introducer;
        this.port = port;
    }

    @Override
    public void start(long now, Effects out) {
        rendezvous.start(now, out);
        introducer.start(now, effects(out));
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        MessageKind kind = localPort == port ? introducerKind(data) : null;
        if (localPort == port && kind == null) {
            rendezvous.onDatagram(localPort, from, data, now, out);
        } else if (kind == MessageKind.RELAY || rendezvous.admit(from, now)) {
            // RELAY has a budget of its own per registered peer (the relay quota), which a
            // relayed bulk transfer needs whole; everything else draws on the source's
            introducer.onDatagram(localPort, from, data, now, effects(out));
        }
    }

    /** PING, INTRO_REQUEST or RELAY for a well-formed datagram of that MSGKIND; else null. */
    private MessageKind introducerKind(byte[] data) {
        if (view.wrap(data, 0, data.length) != null) {
            return null;
        }
        MessageKind kind = MessageKind.fromCode(view.uintOf(TlvTypes.MSGKIND, -1));
        return kind == MessageKind.PING || kind == MessageKind.INTRO_REQUEST || kind == MessageKind.RELAY ? kind : null;
    }

    @Override
    public void onTimer(String key, long now, Effects out) {
        if (key.startsWith(INTRODUCER_TIMER)) {
            introducer.onTimer(key.substring(INTRODUCER_TIMER.length()), now, effects(out));
        } else {
            rendezvous.onTimer(key, now, out);
        }
    }

    @Override
    public void onBindFailed(int failed, long now, Effects out) {
        rendezvous.onBindFailed(failed, now, out);
    }

    @Override
    public void onAddressesChanged(List<InetAddress> addresses, long now, Effects out) {
        rendezvous.onAddressesChanged(addresses, now, out);
    }

    /**
     * What both roles refused, by reason, readable from any thread: the rendezvous server's
     * reasons (rate limits included) as they are, the introducer's prefixed {@value #INTRODUCER_DROPS}.
     */
    public Map<String, Long> drops() {
        Map<String, Long> all = new TreeMap<>(rendezvous.drops().snapshot());
        introducer.drops().snapshot().forEach((reason, n) -> all.put(INTRODUCER_DROPS + reason, n));
        return Collections.unmodifiableMap(all);
    }

    public RendezvousServer rendezvous() {
        return rendezvous;
    }

    public Introducer introducer() {
        return introducer;
    }

    private Effects effects(Effects out) {
        return new PrefixedEffects(out, INTRODUCER_TIMER, p -> p != port);
    }
}
