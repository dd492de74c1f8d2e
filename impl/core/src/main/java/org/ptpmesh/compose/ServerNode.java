package org.ptpmesh.compose;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.DropCounters;
import org.ptpmesh.node.KeyClaims;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * What one ptpserver process runs: the rendezvous server (ptptest registration, lists, purge,
 * echo) and the introducer (ping/pong/test, introductions, relay) on the same port. PING,
 * INTRO_REQUEST and RELAY go to the introducer, everything else to the rendezvous server. Both
 * roles draw on one rate budget per source (the rendezvous server's limiter), so a flood of
 * well-formed PINGs is limited like any other; only RELAY is held to the introducer's own
 * relay quota instead. {@link #drops()} shows what either role refused.
 * The introducer does not bind the shared port a second time.
 *
 * <p>Each role binds the ids of its sealed registrations to their keys, and one process is one
 * server to its clients: a plain datagram naming an id either role has bound is refused by
 * the role it is for ({@code keyed_id_claimed_plain}), so a client that registered sealed with
 * the rendezvous role alone cannot be claimed plain at the introducer, nor the other way round.
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
                        localPort == port && introducerKind(datagram) == null
                                && !plainClaimOnKeyedId(datagram, introducer::boundKey, rendezvous.drops())),
                Child.of(introducer).owningPorts(p -> p != port).accepting((localPort, from, datagram, now) ->
                        // on the shared port only its kinds: the others were the rendezvous server's
                        (localPort != port || introducerKind(datagram) != null)
                                // RELAY has a budget of its own per registered peer (the relay quota), which a
                                // relayed bulk transfer needs whole; everything else draws on the source's
                                && (localPort == port && introducerKind(datagram) == MessageKind.RELAY || rendezvous.admit(from, now))
                                && !(localPort == port && plainClaimOnKeyedId(datagram, rendezvous::boundKey, introducer.drops())))));
        this.rendezvous = rendezvous;
        this.introducer = introducer;
    }

    /**
     * Whether {@code datagram} is plain and names (in its UUID) an id the other role bound to a
     * key; such a datagram is counted in {@code drops} of the role it was for. The role's own
     * bindings it checks itself.
     */
    private static boolean plainClaimOnKeyedId(DecodedDatagram datagram, Function<PeerId, byte[]> otherRoleBinding,
                                               DropCounters drops) {
        if (datagram.authenticatedKey() != null || datagram.error() != null) {
            return false;
        }
        DatagramView view = datagram.view();
        int uuid = view.indexOf(TlvTypes.UUID);
        if (uuid < 0) {
            return false;
        }
        byte[] id = Arrays.copyOfRange(view.buffer(), view.valueOffset(uuid), view.valueOffset(uuid) + TlvTypes.PEER_ID_LENGTH);
        if (otherRoleBinding.apply(PeerId.of(id)) == null) {
            return false;
        }
        drops.count(KeyClaims.Refusal.KEYED_ID_CLAIMED_PLAIN);
        return true;
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
