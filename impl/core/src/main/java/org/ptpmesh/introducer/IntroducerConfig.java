package org.ptpmesh.introducer;

/**
 * An introducer's settings. {@link #builder} starts from {@link IntroducerDefaults}, which says
 * why each default is what it is.
 *
 * @param name               how it is named in traces
 * @param port               where peers ping it, ask for introductions and relay
 * @param testSourcePort     the other socket TEST messages leave from: a NAT that filters by
 *                           source port drops them, which is what tells Static from Easy
 * @param registrationMillis a peer not heard from for this long is forgotten (5 x keepAlive)
 * @param maxRegistrations   bound on the table, so spoofed sources cannot grow it without limit
 * @param relayQuota         datagrams one peer may relay to one other per {@code relayWindowMillis}
 * @param relayWindowMillis  the relay quota's window
 * @param dropLogPerSecond   refused datagrams traced one by one a second, the rest counted in one step
 * @param allowLegacyIntro   introduce and relay keyed peers to legacy ones too (docs/protocol.md 6.9);
 *                           off, such a pair gets LEGACY_PEER. Two legacy peers are served either way
 */
public record IntroducerConfig(String name, int port, int testSourcePort, long registrationMillis, int maxRegistrations,
                               int relayQuota, long relayWindowMillis, int dropLogPerSecond, boolean allowLegacyIntro) {

    public IntroducerConfig {
        if (port == testSourcePort) {
            throw new IllegalArgumentException("port and testSourcePort must differ");
        }
        if (maxRegistrations < 1 || relayQuota < 1 || relayWindowMillis <= 0 || registrationMillis <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (dropLogPerSecond < 0) {
            throw new IllegalArgumentException("dropLogPerSecond must not be negative, got " + dropLogPerSecond);
        }
    }

    /** A builder holding the defaults, with the given settings that have none. */
    public static Builder builder(String name, int port) {
        return new Builder(name, port);
    }

    /** A builder holding this config's settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(name, port);
        b.testSourcePort = testSourcePort;
        b.registrationMillis = registrationMillis;
        b.maxRegistrations = maxRegistrations;
        b.relayQuota = relayQuota;
        b.relayWindowMillis = relayWindowMillis;
        b.dropLogPerSecond = dropLogPerSecond;
        b.allowLegacyIntro = allowLegacyIntro;
        return b;
    }

    public static IntroducerConfig defaults(String name, int port) {
        return builder(name, port).build();
    }

    public IntroducerConfig withRelayQuota(int datagrams, long windowMillis) {
        return toBuilder().relayQuota(datagrams).relayWindowMillis(windowMillis).build();
    }

    public IntroducerConfig withMaxRegistrations(int max) {
        return toBuilder().maxRegistrations(max).build();
    }

    /** Builds a {@link IntroducerConfig}; every setting starts at its default (IntroducerDefaults). */
    public static final class Builder {
        private String name;
        private int port;
        private int testSourcePort;
        private long registrationMillis = IntroducerDefaults.REGISTRATION_MILLIS;
        private int maxRegistrations = IntroducerDefaults.MAX_REGISTRATIONS;
        private int relayQuota = IntroducerDefaults.RELAY_QUOTA;
        private long relayWindowMillis = IntroducerDefaults.RELAY_WINDOW_SECONDS * 1_000;
        private int dropLogPerSecond = IntroducerDefaults.DROP_LOG_PER_SECOND;
        private boolean allowLegacyIntro = IntroducerDefaults.ALLOW_LEGACY_INTRO;

        private Builder(String name, int port) {
            this.name = name;
            this.port = port;
            // TEST messages leave from the next port unless told otherwise
            this.testSourcePort = port + 1;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder testSourcePort(int value) {
            this.testSourcePort = value;
            return this;
        }

        public Builder registrationMillis(long value) {
            this.registrationMillis = value;
            return this;
        }

        public Builder maxRegistrations(int value) {
            this.maxRegistrations = value;
            return this;
        }

        public Builder relayQuota(int value) {
            this.relayQuota = value;
            return this;
        }

        public Builder relayWindowMillis(long value) {
            this.relayWindowMillis = value;
            return this;
        }

        public Builder dropLogPerSecond(int value) {
            this.dropLogPerSecond = value;
            return this;
        }

        public Builder allowLegacyIntro(boolean value) {
            this.allowLegacyIntro = value;
            return this;
        }

        public IntroducerConfig build() {
            return new IntroducerConfig(name, port, testSourcePort, registrationMillis, maxRegistrations, relayQuota,
                    relayWindowMillis, dropLogPerSecond, allowLegacyIntro);
        }
    }
}
