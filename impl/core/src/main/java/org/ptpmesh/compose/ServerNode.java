package org.ptpmesh.compose;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;

/**
 * What one ptpserver process runs: the rendezvous server (ptptest registration, lists, purge,
 * echo) and the introducer (ping/pong/test, introductions, relay) on the same port. PING,
 * INTRO_REQUEST and RELAY go to the introducer, everything else to the rendezvous server. Both
 * roles draw on one rate budget per source (the rendezvous server's limiter), so a flood of
 * well-formed PINGs is limited like any other; only RELAY is held to the introducer's own
 * relay quota instead. {@link #drops()} shows what either role refused.
 * The introducer does not bind the shared port a second time.
 */
public final class ServerNode extends CompositeNode {

    /** Drop reasons of the introducer role, told apart from the rendezvous server's by this prefix. */
    public static final String INTRODUCER_DROPS = "introducer_";

    private final RendezvousServer rendezvous;
    private final Introducer introducer;

    /** @param port the port both share; the introducer's TEST messages leave from its own second port */
    public ServerNode(RendezvousServer rendezvous, Introducer introducer, int port) {
        super(List.of(
                Child.of(rendezvous).accepting((localPort, from, datagram, now) ->
                        localPort == port && introducerKind(datagram) == null),
                Child.of(introducer).owningPorts(p -> p != port).accepting((localPort, from, datagram, now) ->
                        // RELAY has a budget of its own per registered peer (the relay quota), which a
                        // relayed bulk transfer needs whole; everything else draws on the source's
                        localPort == port && introducerKind(datagram) == MessageKind.RELAY || rendezvous.admit(from, now))));
        this.rendezvous = rendezvous;
        this.introducer = introducer;
    }

    /** PING, INTRO_REQUEST or RELAY for a well-formed datagram of that MSGKIND; else null. */
    private static MessageKind introducerKind(DecodedDatagram datagram) {
        MessageKind kind = MessageKind.fromCode(datagram.kindCode());
        return kind == MessageKind.PING || kind == MessageKind.INTRO_REQUEST || kind == MessageKind.RELAY ? kind : null;
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
}
