package org.ptpmesh.nat;

/**
 * How two peers get a path, by their NAT types (docs/protocol.md section 6.4): Static or
 * Easy on either side allows aiming at a known port; one Hard side needs the birthday paradox;
 * two Hard sides cannot find each other and relay.
 */
public enum Strategy {
    /** Both aim at each other's known address: openers first, then pings with retries. */
    DIRECT,
    /** Behind one public address: aim at each other's LAN address (routers rarely hairpin). */
    LAN,
    /** This side is Easy, the other Hard: probe random ports of the Hard side's address. */
    BIRTHDAY_PROBE,
    /** This side is Hard, the other Easy: open 256 ports toward the Easy side and wait. */
    BIRTHDAY_OPEN,
    /** No punching: traffic stays on the introducer's relay. */
    RELAY;

    public static Strategy choose(NatType mine, NatType theirs, boolean samePublicAddress) {
        if (samePublicAddress) {
            return LAN;
        }
        if (mine == NatType.STATIC || theirs == NatType.STATIC) {
            return DIRECT;
        }
        if (mine == NatType.HARD && theirs == NatType.HARD) {
            return RELAY;
        }
        if (mine == NatType.EASY && theirs == NatType.HARD) {
            return BIRTHDAY_PROBE;
        }
        if (mine == NatType.HARD && theirs == NatType.EASY) {
            return BIRTHDAY_OPEN;
        }
        if (mine == NatType.EASY && theirs == NatType.EASY) {
            return DIRECT;
        }
        // An unclassified side: try the plain punch, the relay carries traffic meanwhile.
        return DIRECT;
    }
}
