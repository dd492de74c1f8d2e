package org.ptpmesh.portmap;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.ptpmesh.node.Effects;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.Endpoint;

/**
 * Asks the default gateway to forward a UDP port to ours, sans-IO: PCP first, then NAT-PMP (both
 * on the gateway's port 5351, sent from the port to be mapped so the gateway maps the port it sees),
 * keeps the mapping renewed at half its lifetime, and deletes it on {@link #stop}. A gateway that
 * answers neither, after {@link PortMapDefaults#ATTEMPTS_PER_PROTOCOL} requests each, is asked by
 * UPnP IGD through the driver ({@link Effects#mapPortByUpnp}), which speaks HTTP, renews the lease
 * itself and reports to {@link #onUpnp}; when that gets nothing either, or says nothing within
 * {@link PortMapDefaults#UPNP_WAIT_MILLIS}, the mapper gives up quietly.
 *
 * <p>Only datagrams from the gateway's port 5351 are read here; everything else is the owner's.
 * A renewal that goes unanswered past the mapping's expiry, or is refused, loses the mapping and
 * starts over from PCP once the lifetime has run out.
 */
public final class PortMapper {

    private enum Phase { PCP, NAT_PMP_ADDRESS, NAT_PMP_MAP, UPNP, MAPPED, GAVE_UP, STOPPED }

    private final Endpoint gateway;
    private final InetAddress client;
    private final int internalPort;
    private final byte[] nonce;
    private final PortMapListener listener;
    private final Tracer tracer;
    private final List<String> outcomes = new ArrayList<>();

    private Phase phase = Phase.PCP;
    private int attempt;
    private InetAddress natPmpExternal;
    private PortMapping mapping;
    private boolean renewing;
    private long malformed;

    /**
     * @param gateway      the default gateway's address
     * @param client       our address on the gateway's link (PCP checks it against the source)
     * @param internalPort the port to map, and the one requests leave from
     * @param nonce        {@link PcpMessages#NONCE_BYTES} random bytes (randomness comes in)
     */
    public PortMapper(InetAddress gateway, InetAddress client, int internalPort, byte[] nonce, PortMapListener listener,
            Tracer tracer) {
        this.gateway = new Endpoint(gateway, PortMapDefaults.GATEWAY_PORT);
        this.client = client;
        this.internalPort = internalPort;
        this.nonce = nonce.clone();
        this.listener = listener;
        this.tracer = tracer;
        if (nonce.length != PcpMessages.NONCE_BYTES) {
            throw new IllegalArgumentException("a PCP nonce is " + PcpMessages.NONCE_BYTES + " bytes");
        }
    }

    /**
     * A mapper for {@code port} through {@code gateway} with a fresh nonce from {@code random},
     * that hands the mapping in force to {@code current} whenever it changes (null once there is none).
     */
    public static PortMapper forPort(PortMapGateway gateway, int port, RandomGenerator random, Consumer<PortMapping> current,
            Tracer tracer) {
        byte[] nonce = new byte[PcpMessages.NONCE_BYTES];
        random.nextBytes(nonce);
        return new PortMapper(gateway.gateway(), gateway.via(), port, nonce, new PortMapListener() {
            @Override
            public void mapped(PortMapping mapping, long now) {
                current.accept(mapping);
            }

            @Override
            public void lost(String why, long now) {
                current.accept(null);
            }

            @Override
            public void unavailable(String why, long now) {
                current.accept(null);
            }
        }, tracer);
    }

    public void start(long now, Effects out) {
        begin(Phase.PCP, now, out);
    }

    /** The mapping in force, if any. */
    public Optional<PortMapping> mapping() {
        return Optional.ofNullable(mapping);
    }

    /** Answers from the gateway that were not a well-formed answer to our request. */
    public long malformed() {
        return malformed;
    }

    /** Whether {@code from} is the gateway's PCP/NAT-PMP port: then the datagram is this mapper's, not the protocol's. */
    public boolean isGateway(Endpoint from) {
        return from.equals(gateway);
    }

    /** A datagram from the gateway's port 5351 ({@link #isGateway}). */
    public void onDatagram(byte[] data, long now, Effects out) {
        MappingReply reply = switch (phase) {
            case PCP -> PcpMessages.decode(data, nonce);
            case NAT_PMP_ADDRESS, NAT_PMP_MAP -> NatPmpMessages.decode(data);
            case MAPPED -> switch (mapping.protocol()) {
                case PCP -> PcpMessages.decode(data, nonce);
                case NAT_PMP -> NatPmpMessages.decode(data);
                case UPNP -> null;
            };
            case UPNP, GAVE_UP, STOPPED -> null;
        };
        if (reply == null) {
            return;
        }
        if (reply instanceof MappingReply.Granted g) {
            onGranted(g, now, out);
        } else if (reply instanceof MappingReply.ExternalAddress a) {
            onExternalAddress(a, now, out);
        } else if (reply instanceof MappingReply.Refused r) {
            onRefused(r, now, out);
        } else if (reply instanceof MappingReply.OtherVersion v) {
            onOtherVersion(v, now, out);
        } else {
            malformed++;
        }
    }

    public void onTimer(PortMapTimer timer, long now, Effects out) {
        switch (timer) {
            case RETRANSMIT -> retransmit(now, out);
            case RENEW -> renew(now, out);
        }
    }

    /**
     * What the driver's UPnP client got, once PCP and NAT-PMP got nothing. An outcome for another
     * port, or one that comes after the mapper moved on (stopped, or mapped by another protocol), is ignored.
     */
    public void onUpnp(UpnpOutcome outcome, long now, Effects out) {
        boolean mappedByUpnp = phase == Phase.MAPPED && mapping.protocol() == MappingProtocol.UPNP;
        if (outcome.internalPort() != internalPort || (phase != Phase.UPNP && !mappedByUpnp)) {
            return;
        }
        if (outcome instanceof UpnpOutcome.Mapped m) {
            adopt(m, now, out);
        } else if (outcome instanceof UpnpOutcome.Lost l && mappedByUpnp) {
            lose("upnp: " + l.why(), now, out);
        } else if (outcome instanceof UpnpOutcome.Unavailable u && phase == Phase.UPNP) {
            outcomes.add("upnp: " + u.why());
            giveUp(now, out);
        }
    }

    /** Deletes the mapping in force (one request: the peer is going away) and stops. */
    public void stop(long now, Effects out) {
        out.cancelTimer(PortMapTimer.RETRANSMIT);
        out.cancelTimer(PortMapTimer.RENEW);
        if (phase == Phase.UPNP || mapping != null && mapping.protocol() == MappingProtocol.UPNP) {
            // the driver holds the UPnP mapping, or is still asking for it: it deletes what it got
            out.unmapPortByUpnp(internalPort);
            tracer.step(out, now, DiagnosticEvent.PORT_MAP_DELETE).param("protocol", MappingProtocol.UPNP.label())
                    .param("external", mapping == null ? null : mapping.external()).log();
        } else if (mapping != null) {
            byte[] delete = mapping.protocol() == MappingProtocol.PCP
                    ? PcpMessages.mapRequest(client, nonce, internalPort, 0, 0)
                    : NatPmpMessages.mapRequest(internalPort, 0, 0);
            out.send(internalPort, gateway, delete);
            tracer.step(out, now, DiagnosticEvent.PORT_MAP_DELETE).param("protocol", mapping.protocol().label())
                    .param("external", mapping.external()).log();
        }
        mapping = null;
        phase = Phase.STOPPED;
    }

    private void begin(Phase next, long now, Effects out) {
        phase = next;
        attempt = 0;
        send(now, out);
    }

    private void send(long now, Effects out) {
        int suggested = mapping == null ? internalPort : mapping.externalPort();
        long lifetime = PortMapDefaults.REQUESTED_LIFETIME_SECONDS;
        byte[] request = switch (currentProtocolPhase()) {
            case PCP -> PcpMessages.mapRequest(client, nonce, internalPort, suggested, lifetime);
            case NAT_PMP_ADDRESS -> NatPmpMessages.addressRequest();
            default -> NatPmpMessages.mapRequest(internalPort, suggested, lifetime);
        };
        out.send(internalPort, gateway, request);
        tracer.step(out, now, DiagnosticEvent.PORT_MAP_REQUEST).param("protocol", protocolLabel())
                .param("attempt", attempt + 1).param("renewal", renewing).log();
        out.setTimer(PortMapTimer.RETRANSMIT, now + (PortMapDefaults.FIRST_RETRANSMIT_MILLIS << attempt));
    }

    /** What is asked for now: while renewing, the phase that made the mapping. */
    private Phase currentProtocolPhase() {
        if (phase != Phase.MAPPED) {
            return phase;
        }
        return mapping.protocol() == MappingProtocol.PCP ? Phase.PCP : Phase.NAT_PMP_MAP;
    }

    private String protocolLabel() {
        return currentProtocolPhase() == Phase.PCP ? MappingProtocol.PCP.label() : MappingProtocol.NAT_PMP.label();
    }

    private void retransmit(long now, Effects out) {
        if (phase == Phase.UPNP) {
            // the driver said nothing in time: whatever it still gets, it deletes
            out.unmapPortByUpnp(internalPort);
            outcomes.add("upnp: no outcome within " + PortMapDefaults.UPNP_WAIT_MILLIS + " ms");
            giveUp(now, out);
            return;
        }
        if (phase == Phase.GAVE_UP || phase == Phase.STOPPED
                || phase == Phase.MAPPED && mapping.protocol() == MappingProtocol.UPNP) {
            return;
        }
        if (++attempt < PortMapDefaults.ATTEMPTS_PER_PROTOCOL) {
            send(now, out);
            return;
        }
        if (phase == Phase.MAPPED) {
            // renewals unanswered: keep asking until the mapping expires, then it is gone
            if (now < mapping.expiresAt()) {
                attempt = PortMapDefaults.ATTEMPTS_PER_PROTOCOL - 1;
                send(now, out);
            } else {
                lose("not renewed before it expired", now, out);
            }
            return;
        }
        failed(protocolLabel() + ": no answer after " + PortMapDefaults.ATTEMPTS_PER_PROTOCOL + " requests", now, out);
    }

    private void onOtherVersion(MappingReply.OtherVersion v, long now, Effects out) {
        if (phase == Phase.PCP) {
            // RFC 6887 section 9: a NAT-PMP-only gateway answers a PCP request with its own version
            failed("pcp: the gateway speaks version " + v.version(), now, out);
        } else {
            malformed++;
        }
    }

    private void onRefused(MappingReply.Refused r, long now, Effects out) {
        String why = protocolLabel() + ": refused, " + r.reason() + " (" + r.resultCode() + ")";
        if (phase == Phase.MAPPED) {
            lose(why, now, out);
        } else {
            failed(why, now, out);
        }
    }

    private void onExternalAddress(MappingReply.ExternalAddress a, long now, Effects out) {
        if (phase != Phase.NAT_PMP_ADDRESS) {
            malformed++;
            return;
        }
        natPmpExternal = a.address();
        begin(Phase.NAT_PMP_MAP, now, out);
    }

    private void onGranted(MappingReply.Granted g, long now, Effects out) {
        if (phase == Phase.NAT_PMP_ADDRESS || g.internalPort() != internalPort) {
            malformed++;
            return;
        }
        MappingProtocol protocol = currentProtocolPhase() == Phase.PCP ? MappingProtocol.PCP : MappingProtocol.NAT_PMP;
        InetAddress external = g.externalAddress() != null ? g.externalAddress()
                : mapping != null ? mapping.externalAddress() : natPmpExternal;
        long lifetime = Math.min(g.lifetimeSeconds(), PortMapDefaults.REQUESTED_LIFETIME_SECONDS);
        PortMapping before = mapping;
        mapping = new PortMapping(protocol, external, g.externalPort(), internalPort, now, lifetime);
        phase = Phase.MAPPED;
        renewing = false;
        out.cancelTimer(PortMapTimer.RETRANSMIT);
        out.setTimer(PortMapTimer.RENEW, mapping.renewAt());
        boolean changed = moved(before, mapping);
        tracer.step(out, now, DiagnosticEvent.PORT_MAPPED).param("protocol", protocol.label())
                .param("external", mapping.external()).param("lifetime", lifetime).param("changed", changed).log();
        if (changed && lifetime >= PortMapDefaults.MIN_USEFUL_LIFETIME_SECONDS) {
            listener.mapped(mapping, now);
        }
    }

    private void renew(long now, Effects out) {
        if (phase != Phase.MAPPED || mapping.protocol() == MappingProtocol.UPNP) {
            return;
        }
        renewing = true;
        attempt = 0;
        send(now, out);
    }

    private void lose(String why, long now, Effects out) {
        mapping = null;
        renewing = false;
        out.cancelTimer(PortMapTimer.RETRANSMIT);
        tracer.step(out, now, DiagnosticEvent.PORT_MAP_LOST).param("reason", why).log();
        listener.lost(why, now);
        // a fresh round: what the last one's protocols said is stale, and kept it would grow with every loss
        outcomes.clear();
        begin(Phase.PCP, now, out);
    }

    /** The protocol in {@link #phase} got nothing: try the next, or give up. */
    private void failed(String why, long now, Effects out) {
        outcomes.add(why);
        if (phase == Phase.PCP) {
            begin(Phase.NAT_PMP_ADDRESS, now, out);
            return;
        }
        out.cancelTimer(PortMapTimer.RETRANSMIT);
        if (out.mapPortByUpnp(new PortMapGateway(gateway.address(), client), internalPort)) {
            phase = Phase.UPNP;
            out.setTimer(PortMapTimer.RETRANSMIT, now + PortMapDefaults.UPNP_WAIT_MILLIS);
            tracer.step(out, now, DiagnosticEvent.PORT_MAP_REQUEST).param("protocol", MappingProtocol.UPNP.label())
                    .param("attempt", 1).param("renewal", false).log();
            return;
        }
        giveUp(now, out);
    }

    /** A UPnP mapping granted or renewed by the driver; it renews, so no timer is set here. */
    private void adopt(UpnpOutcome.Mapped m, long now, Effects out) {
        out.cancelTimer(PortMapTimer.RETRANSMIT);
        PortMapping before = mapping;
        mapping = new PortMapping(MappingProtocol.UPNP, m.externalAddress(), m.externalPort(), internalPort, now, m.leaseSeconds());
        phase = Phase.MAPPED;
        boolean changed = moved(before, mapping);
        tracer.step(out, now, DiagnosticEvent.PORT_MAPPED).param("protocol", MappingProtocol.UPNP.label())
                .param("external", mapping.external()).param("lifetime", m.leaseSeconds()).param("changed", changed).log();
        if (changed && (mapping.permanent() || m.leaseSeconds() >= PortMapDefaults.MIN_USEFUL_LIFETIME_SECONDS)) {
            listener.mapped(mapping, now);
        }
    }

    /** Whether {@code after} is reached elsewhere than {@code before} (or there was none): news for the owner. */
    private static boolean moved(PortMapping before, PortMapping after) {
        return before == null || before.externalPort() != after.externalPort()
                || !before.externalAddress().equals(after.externalAddress());
    }

    /** Every protocol got nothing: one trace line with each one's outcome, and the owner is told. */
    private void giveUp(long now, Effects out) {
        phase = Phase.GAVE_UP;
        out.cancelTimer(PortMapTimer.RETRANSMIT);
        String all = String.join("; ", outcomes);
        tracer.step(out, now, DiagnosticEvent.PORT_MAP_UNAVAILABLE).param("reason", all).log();
        listener.unavailable(all, now);
    }
}
