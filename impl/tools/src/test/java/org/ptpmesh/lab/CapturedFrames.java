package org.ptpmesh.lab;

import java.io.EOFException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.IpPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.UdpPacket;
import org.ptpmesh.messages.Received;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.MessageKind;

/** Reads a lab capture as UDP datagrams with the IP header fields the lab's claims are about. */
final class CapturedFrames {

    /**
     * One captured UDP datagram: addresses (as {@link java.net.InetAddress#getHostAddress}
     * writes them), ports, IP TTL (the hop limit on IPv6), payload and its ptpmesh message kind
     * (null if none).
     */
    record Frame(String src, int sport, String dst, int dport, int ttl, byte[] payload, MessageKind kind) {
    }

    private CapturedFrames() {
    }

    /** Index of the first frame that passes {@code p}, or -1. */
    static int indexOf(List<Frame> frames, Predicate<Frame> p) {
        for (int i = 0; i < frames.size(); i++) {
            if (p.test(frames.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The IPv4 TTL, or the IPv6 hop limit, the datagram carried where it was captured. */
    private static int hops(IpPacket ip) {
        if (ip instanceof IpV6Packet v6) {
            return v6.getHeader().getHopLimitAsInt();
        }
        return ((IpV4Packet) ip).getHeader().getTtlAsInt();
    }

    static List<Frame> read(Path file) throws Exception {
        List<Frame> frames = new ArrayList<>();
        PcapHandle handle = Pcaps.openOffline(file.toString());
        try {
            while (true) {
                Packet p;
                try {
                    p = handle.getNextPacketEx();
                } catch (EOFException end) {
                    break;
                }
                IpPacket ip = p.get(IpPacket.class);
                UdpPacket udp = p.get(UdpPacket.class);
                byte[] payload = udp.getPayload() == null ? new byte[0] : udp.getPayload().getRawData();
                Received.Outcome o = Received.parse(new DatagramView(), payload);
                frames.add(new Frame(ip.getHeader().getSrcAddr().getHostAddress(), udp.getHeader().getSrcPort().valueAsInt(),
                        ip.getHeader().getDstAddr().getHostAddress(), udp.getHeader().getDstPort().valueAsInt(),
                        hops(ip), payload, o instanceof Received.Accepted a ? a.message().kind() : null));
            }
        } finally {
            handle.close();
        }
        return frames;
    }
}
