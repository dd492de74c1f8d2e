package org.ptpmesh.client;

import java.util.Objects;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.wire.Endpoint;

/**
 * How a mesh client behaves. {@link #builder} starts from {@link ClientDefaults} (ptptest 2014's
 * timers, each default with its reason).
 *
 * @param server          the rendezvous server
 * @param localPort       UDP port the client binds (its probes and registrations leave from it)
 * @param ptpAddress      the client's own socket address, sent as PTPADDR so that peers behind
 *                        the same public IP can reach it directly
 * @param peerId          16-byte UUID identifying the client across address changes
 * @param nat             NAT code sent in REGISTER (0 unknown, 1 Easy, 2 Hard, 3 Static)
 * @param registerEvery   ms between registrations (ptptest: 7 s)
 * @param probeEvery      ms between two probes to each listed client (ptptest: 0.5 s)
 * @param lossTimeout     ms after which an unanswered probe counts as lost; well above any
 *                        sane RTT, well below the registration period
 * @param rttWindow       how many recent RTTs the statistics cover
 * @param maxPeers        most listed clients probed; bounds the work a hostile list can cause
 * @param reportsPerRound most peers reported in META per registration round (one REGISTER
 *                        each, since a META value holds at most 253 bytes)
 * @param maxListPages    pages a client list may have at most; bounds the memory forged pages
 *                        can take (a list keeps at most {@code maxPeers} entries)
 * @param legacy          register in ptptest 2014's shape for good, without the ptpmesh marker,
 *                        as a ptptest 2014 client does, whatever the server speaks
 * @param portMap         the gateway to ask for a port mapping (PCP, then NAT-PMP, then UPnP IGD through the driver), or null to ask none
 */
public record ClientConfig(Endpoint server, int localPort, Endpoint ptpAddress, byte[] peerId, int nat,
                           long registerEvery, long probeEvery, long lossTimeout, int rttWindow, int maxPeers,
                           int reportsPerRound, int maxListPages, boolean legacy, PortMapGateway portMap) {

    public ClientConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(ptpAddress, "ptpAddress");
        if (peerId == null || peerId.length != 16) {
            throw new IllegalArgumentException("peer id must be 16 bytes");
        }
        peerId = peerId.clone();
        if (localPort < 1 || localPort > 65535) {
            throw new IllegalArgumentException("local port must be 1-65535, got " + localPort);
        }
        if (registerEvery <= 0 || probeEvery <= 0 || lossTimeout <= 0 || rttWindow < 1 || maxPeers < 1
                || reportsPerRound < 0 || maxListPages < 1) {
            throw new IllegalArgumentException("timers and bounds must be positive");
        }
    }

    /** A builder holding the defaults, with the given settings that have none. */
    public static Builder builder(Endpoint server, int localPort, Endpoint ptpAddress, byte[] peerId) {
        return new Builder(server, localPort, ptpAddress, peerId);
    }

    /** A builder holding this config's settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(server, localPort, ptpAddress, peerId);
        b.nat = nat;
        b.registerEvery = registerEvery;
        b.probeEvery = probeEvery;
        b.lossTimeout = lossTimeout;
        b.rttWindow = rttWindow;
        b.maxPeers = maxPeers;
        b.reportsPerRound = reportsPerRound;
        b.maxListPages = maxListPages;
        b.legacy = legacy;
        b.portMap = portMap;
        return b;
    }

    public static ClientConfig of(Endpoint server, int localPort, Endpoint ptpAddress, byte[] peerId) {
        return builder(server, localPort, ptpAddress, peerId).build();
    }

    public ClientConfig withTimers(long register, long probe, long loss) {
        return toBuilder().registerEvery(register).probeEvery(probe).lossTimeout(loss).build();
    }

    public ClientConfig withNat(int natCode) {
        return toBuilder().nat(natCode).build();
    }

    public ClientConfig withLegacy(boolean value) {
        return toBuilder().legacy(value).build();
    }

    /** Builds a {@link ClientConfig}; every setting starts at its default (ClientDefaults). */
    public static final class Builder {
        private Endpoint server;
        private int localPort;
        private Endpoint ptpAddress;
        private byte[] peerId;
        private int nat = ClientDefaults.NAT_UNKNOWN;
        private long registerEvery = ClientDefaults.REGISTER_EVERY_SECONDS * 1_000;
        private long probeEvery = ClientDefaults.PROBE_EVERY_MILLIS;
        private long lossTimeout = ClientDefaults.LOSS_TIMEOUT_SECONDS * 1_000;
        private int rttWindow = ClientDefaults.RTT_WINDOW;
        private int maxPeers = ClientDefaults.MAX_PEERS;
        private int maxListPages = ClientDefaults.MAX_LIST_PAGES;
        private int reportsPerRound = ClientDefaults.REPORTS_PER_ROUND;
        private boolean legacy;
        private PortMapGateway portMap;

        private Builder(Endpoint server, int localPort, Endpoint ptpAddress, byte[] peerId) {
            this.server = server;
            this.localPort = localPort;
            this.ptpAddress = ptpAddress;
            this.peerId = peerId;
        }

        public Builder server(Endpoint value) {
            this.server = value;
            return this;
        }

        public Builder localPort(int value) {
            this.localPort = value;
            return this;
        }

        public Builder ptpAddress(Endpoint value) {
            this.ptpAddress = value;
            return this;
        }

        public Builder peerId(byte[] value) {
            this.peerId = value;
            return this;
        }

        public Builder nat(int value) {
            this.nat = value;
            return this;
        }

        public Builder registerEvery(long value) {
            this.registerEvery = value;
            return this;
        }

        public Builder probeEvery(long value) {
            this.probeEvery = value;
            return this;
        }

        public Builder lossTimeout(long value) {
            this.lossTimeout = value;
            return this;
        }

        public Builder rttWindow(int value) {
            this.rttWindow = value;
            return this;
        }

        public Builder maxListPages(int value) {
            this.maxListPages = value;
            return this;
        }

        public Builder maxPeers(int value) {
            this.maxPeers = value;
            return this;
        }

        public Builder reportsPerRound(int value) {
            this.reportsPerRound = value;
            return this;
        }

        public Builder legacy(boolean value) {
            this.legacy = value;
            return this;
        }

        public Builder portMap(PortMapGateway value) {
            this.portMap = value;
            return this;
        }

        public ClientConfig build() {
            return new ClientConfig(server, localPort, ptpAddress, peerId, nat, registerEvery, probeEvery, lossTimeout, rttWindow, maxPeers,
                    reportsPerRound, maxListPages, legacy, portMap);
        }
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }
}
