package org.ptpmesh.portmap;

import org.ptpmesh.node.TimerKey;

/** The timers of a {@link PortMapper}. */
public enum PortMapTimer implements TimerKey {
    /**
     * No answer to the last request yet: send it again, or move to the next protocol; while the
     * UPnP driver is asked, its deadline ({@link PortMapDefaults#UPNP_WAIT_MILLIS}).
     */
    RETRANSMIT,
    /** Half the granted lifetime is over: ask again before the gateway forgets the mapping. */
    RENEW
}
