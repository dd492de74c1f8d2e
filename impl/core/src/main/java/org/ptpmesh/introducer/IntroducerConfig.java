package org.ptpmesh.introducer;

/**
 * An introducer's settings.
 *
 * @param name               how it is named in traces
 * @param port               where peers ping it, ask for introductions and relay
 * @param testSourcePort     the other socket TEST messages leave from: a NAT that filters by
 *                           source port drops them, which is what tells Static from Easy
 * @param registrationMillis a peer not heard from for this long is forgotten (5 x keepAlive)
 * @param maxRegistrations   bound on the table, so spoofed sources cannot grow it without limit
 * @param relayQuota         datagrams one peer may relay per {@code relayWindowMillis}
 * @param relayWindowMillis  the relay quota's window
 */
public record IntroducerConfig(String name, int port, int testSourcePort, long registrationMillis, int maxRegistrations,
                               int relayQuota, long relayWindowMillis) {

    public IntroducerConfig {
        if (port == testSourcePort) {
            throw new IllegalArgumentException("port and testSourcePort must differ");
        }
        if (maxRegistrations < 1 || relayQuota < 1 || relayWindowMillis <= 0 || registrationMillis <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static IntroducerConfig defaults(String name, int port) {
        return new IntroducerConfig(name, port, port + 1, 5 * 29_000, 100_000, 2_000, 10_000);
    }

    public IntroducerConfig withRelayQuota(int datagrams, long windowMillis) {
        return new IntroducerConfig(name, port, testSourcePort, registrationMillis, maxRegistrations, datagrams, windowMillis);
    }

    public IntroducerConfig withMaxRegistrations(int max) {
        return new IntroducerConfig(name, port, testSourcePort, registrationMillis, max, relayQuota, relayWindowMillis);
    }
}
