package org.ptpmesh.client;

import java.util.Objects;
import org.ptpmesh.wire.Endpoint;

/**
 * How a mesh client behaves. The timer defaults are ptptest 2014's.
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
 */
public record ClientConfig(Endpoint server, int localPort, Endpoint ptpAddress, byte[] peerId, int nat,
                           long registerEvery, long probeEvery, long lossTimeout, int rttWindow, int maxPeers,
                           int reportsPerRound) {

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
                || reportsPerRound < 0) {
            throw new IllegalArgumentException("timers and bounds must be positive");
        }
    }

    public static ClientConfig of(Endpoint server, int localPort, Endpoint ptpAddress, byte[] peerId) {
        return new ClientConfig(server, localPort, ptpAddress, peerId, 0, 7_000, 500, 2_000, 32, 4_096, 16);
    }

    public ClientConfig withTimers(long register, long probe, long loss) {
        return new ClientConfig(server, localPort, ptpAddress, peerId, nat, register, probe, loss, rttWindow, maxPeers,
                reportsPerRound);
    }

    public ClientConfig withNat(int natCode) {
        return new ClientConfig(server, localPort, ptpAddress, peerId, natCode, registerEvery, probeEvery, lossTimeout,
                rttWindow, maxPeers, reportsPerRound);
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }
}
