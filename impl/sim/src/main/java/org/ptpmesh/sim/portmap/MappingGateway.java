package org.ptpmesh.sim.portmap;

import java.net.InetAddress;
import java.util.Optional;
import org.ptpmesh.portmap.NatPmpMessages;
import org.ptpmesh.portmap.PcpMessages;
import org.ptpmesh.sim.nat.FlowTable;
import org.ptpmesh.sim.nat.NatModel.PortMapService;
import org.ptpmesh.sim.nat.PortForward;
import org.ptpmesh.wire.Endpoint;

/**
 * The PCP (RFC 6887, MAP for UDP) and NAT-PMP (RFC 6886) server of a simulated router, as
 * miniupnpd runs it on a home router's LAN side: a request from a LAN host gets a forwarded port
 * in the router's {@link FlowTable} (the port asked for if free, else another), renewed when asked
 * again, deleted by a lifetime of 0 and gone once its lifetime runs out on the simulated clock.
 * A {@link PortMapService#REFUSES refusing} router answers every mapping request with a refusal.
 * Messages are read and written by the core's own codecs, the ones the peer's client uses.
 */
public final class MappingGateway {

    /** Forwards one router keeps at most: a LAN host asking for port after port is answered NO_RESOURCES past this. */
    public static final int MAX_FORWARDS = 128;
    /** The longest lifetime granted, miniupnpd's default cap; a longer request gets this. */
    public static final long MAX_LIFETIME_SECONDS = 86_400;

    private final FlowTable table;
    private final InetAddress publicAddress;
    private final PortMapService service;
    private final long startedAt;
    private long ignored;

    /**
     * @param startedAt when the router came up: the epoch its answers carry counts from there
     */
    public MappingGateway(FlowTable table, InetAddress publicAddress, PortMapService service, long startedAt) {
        if (service == PortMapService.NONE) {
            throw new IllegalArgumentException("a router without a port-mapping service has no gateway to answer");
        }
        this.table = table;
        this.publicAddress = publicAddress;
        this.service = service;
        this.startedAt = startedAt;
    }

    /**
     * The answer to {@code request} from the LAN host {@code from}, or null for a datagram that is
     * no well-formed PCP MAP or NAT-PMP request: a gateway drops those ({@link #ignored}).
     */
    public byte[] answer(byte[] request, Endpoint from, long now) {
        if (request.length > 0 && request[0] == PcpMessages.VERSION) {
            Optional<PcpMessages.MapRequest> map = PcpMessages.decodeMapRequest(request);
            if (map.isPresent()) {
                return pcp(map.get(), from, now);
            }
        } else if (request.length > 0 && request[0] == NatPmpMessages.VERSION) {
            Optional<NatPmpMessages.Request> natPmp = NatPmpMessages.decodeRequest(request);
            if (natPmp.isPresent()) {
                return natPmp(natPmp.get(), from, now);
            }
        }
        ignored++;
        return null;
    }

    /** Datagrams dropped for not being a request this gateway reads. */
    public long ignored() {
        return ignored;
    }

    private byte[] pcp(PcpMessages.MapRequest request, Endpoint from, long now) {
        long epoch = epochSeconds(now);
        if (!request.client().equals(from.address())) {
            // section 8.1: the client's address in the header must be the one the request came from
            return PcpMessages.mapResponse(request, PcpMessages.RESULT_ADDRESS_MISMATCH, 0, epoch, 0, null);
        }
        if (request.protocol() != PcpMessages.PROTOCOL_UDP) {
            return PcpMessages.mapResponse(request, PcpMessages.RESULT_UNSUPP_PROTOCOL, 0, epoch, 0, null);
        }
        if (request.internalPort() == 0) {
            return PcpMessages.mapResponse(request, PcpMessages.RESULT_MALFORMED_REQUEST, 0, epoch, 0, null);
        }
        if (service == PortMapService.REFUSES) {
            return PcpMessages.mapResponse(request, PcpMessages.RESULT_NOT_AUTHORIZED, 0, epoch, 0, null);
        }
        Endpoint inside = new Endpoint(from.address(), request.internalPort());
        if (request.lifetimeSeconds() == 0) {
            table.unforward(inside, now);
            return PcpMessages.mapResponse(request, PcpMessages.RESULT_SUCCESS, 0, epoch, request.suggestedExternalPort(),
                    publicAddress);
        }
        PortForward granted = grant(inside, request.suggestedExternalPort(), request.lifetimeSeconds(), now);
        if (granted == null) {
            return PcpMessages.mapResponse(request, PcpMessages.RESULT_NO_RESOURCES, 0, epoch, 0, null);
        }
        return PcpMessages.mapResponse(request, PcpMessages.RESULT_SUCCESS, lifetimeSeconds(granted, now), epoch,
                granted.externalPort(), publicAddress);
    }

    private byte[] natPmp(NatPmpMessages.Request request, Endpoint from, long now) {
        long epoch = epochSeconds(now);
        if (request.opcode() == NatPmpMessages.OPCODE_ADDRESS) {
            return NatPmpMessages.addressResponse(epoch, publicAddress);
        }
        if (request.opcode() != NatPmpMessages.OPCODE_MAP_UDP) {
            // TCP too: the simulator carries UDP only
            return NatPmpMessages.unsupportedOpcode(request, epoch);
        }
        if (service == PortMapService.REFUSES || request.internalPort() == 0) {
            // internal port 0 ("every mapping of this host") is not modelled: refused
            return NatPmpMessages.mapResponse(request, NatPmpMessages.RESULT_REFUSED, epoch, 0, 0);
        }
        Endpoint inside = new Endpoint(from.address(), request.internalPort());
        if (request.lifetimeSeconds() == 0) {
            // section 3.4: a deletion is answered with external port 0 and lifetime 0
            table.unforward(inside, now);
            return NatPmpMessages.mapResponse(request, NatPmpMessages.RESULT_SUCCESS, epoch, 0, 0);
        }
        PortForward granted = grant(inside, request.suggestedExternalPort(), request.lifetimeSeconds(), now);
        if (granted == null) {
            return NatPmpMessages.mapResponse(request, NatPmpMessages.RESULT_OUT_OF_RESOURCES, epoch, 0, 0);
        }
        return NatPmpMessages.mapResponse(request, NatPmpMessages.RESULT_SUCCESS, epoch, granted.externalPort(),
                lifetimeSeconds(granted, now));
    }

    /** A new or renewed forward, or null when a new one would pass {@link #MAX_FORWARDS}. */
    private PortForward grant(Endpoint inside, int suggestedPort, long requestedSeconds, long now) {
        boolean renewal = table.forwards(now).stream().anyMatch(f -> f.inside().equals(inside));
        if (!renewal && table.forwards(now).size() >= MAX_FORWARDS) {
            return null;
        }
        // capped before it is turned into milliseconds, so no requested lifetime overflows
        long seconds = Math.min(requestedSeconds, MAX_LIFETIME_SECONDS);
        return table.forward(inside, suggestedPort, seconds * 1000, now);
    }

    private static long lifetimeSeconds(PortForward granted, long now) {
        return (granted.expiresAt() - now) / 1000;
    }

    private long epochSeconds(long now) {
        return (now - startedAt) / 1000;
    }
}
