package org.ptpmesh.sim.nat;

import java.util.List;
import org.ptpmesh.wire.Endpoint;

/**
 * The translation state of one NAT router: which public endpoint an outbound packet leaves with,
 * and where (if anywhere) an inbound packet goes. Time is passed in; the table never reads a
 * clock, so it ages mappings exactly as the simulation's virtual time says.
 */
public interface NatTable {

    /** The public source an outbound packet from {@code inside} to {@code remote} gets; creates or refreshes a mapping. */
    Endpoint outbound(Endpoint inside, Endpoint remote, long now);

    /** The inside endpoint a packet from {@code remote} to {@code publicDestination} goes to, or null if the NAT drops it. */
    Endpoint inbound(Endpoint publicDestination, Endpoint remote, long now);

    /** Every mapping alive at {@code now}, for tests and diagnostics. */
    List<NatFlow> flows(long now);
}
