package org.ptpmesh.portmap.upnp;

import java.net.InetSocketAddress;

/**
 * Where the UPnP client searches and how long it waits: the standard group and port, and
 * {@link UpnpLimits}'s waits; tests point the search at a responder on loopback.
 *
 * @param ssdpGroup       where multicast searches go
 * @param ssdpUnicastPort the gateway's SSDP port, searched directly as well
 * @param description     what the mapping is called on the router (NewPortMappingDescription)
 * @param obtainBudgetMillis how long one attempt may go on trying external ports ({@link UpnpLimits#OBTAIN_BUDGET_MILLIS})
 */
public record UpnpSettings(InetSocketAddress ssdpGroup, int ssdpUnicastPort, long ssdpWaitMillis, long httpTimeoutMillis,
        long leaseSeconds, long renewRetryMillis, String description, long obtainBudgetMillis) {

    public static UpnpSettings standard() {
        return new UpnpSettings(new InetSocketAddress(UpnpLimits.SSDP_GROUP, UpnpLimits.SSDP_PORT), UpnpLimits.SSDP_PORT,
                UpnpLimits.SSDP_WAIT_MILLIS, UpnpLimits.HTTP_TIMEOUT_MILLIS, UpnpLimits.LEASE_SECONDS,
                UpnpLimits.RENEW_RETRY_MILLIS, "ptpmesh", UpnpLimits.OBTAIN_BUDGET_MILLIS);
    }

    /** These settings searching at {@code group} and at the gateway's {@code unicastPort}. */
    public UpnpSettings searchingAt(InetSocketAddress group, int unicastPort) {
        return new UpnpSettings(group, unicastPort, ssdpWaitMillis, httpTimeoutMillis, leaseSeconds, renewRetryMillis, description,
                obtainBudgetMillis);
    }

    /** These settings asking for {@code seconds}, and trying a failed renewal again after {@code retryMillis}. */
    public UpnpSettings withLease(long seconds, long retryMillis) {
        return new UpnpSettings(ssdpGroup, ssdpUnicastPort, ssdpWaitMillis, httpTimeoutMillis, seconds, retryMillis, description,
                obtainBudgetMillis);
    }

    /** These settings waiting {@code searchMillis} for SSDP answers and {@code httpMillis} for each HTTP step. */
    public UpnpSettings withWaits(long searchMillis, long httpMillis) {
        return new UpnpSettings(ssdpGroup, ssdpUnicastPort, searchMillis, httpMillis, leaseSeconds, renewRetryMillis, description,
                obtainBudgetMillis);
    }

    /** These settings trying no further external port {@code millis} after an attempt began. */
    public UpnpSettings withObtainBudget(long millis) {
        return new UpnpSettings(ssdpGroup, ssdpUnicastPort, ssdpWaitMillis, httpTimeoutMillis, leaseSeconds, renewRetryMillis,
                description, millis);
    }
}
