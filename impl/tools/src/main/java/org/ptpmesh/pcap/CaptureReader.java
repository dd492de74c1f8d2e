package org.ptpmesh.pcap;

import java.io.EOFException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.IpPacket;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.UdpPacket;
import org.ptpmesh.wire.Endpoint;

/**
 * Reads UDP payloads from a pcap or pcapng file through Pcap4J (libpcap does the file formats
 * and link types: Ethernet, Linux cooked, raw IP). IP fragments are not reassembled: ptpmesh
 * never sends a datagram large enough to fragment.
 */
public final class CaptureReader {

    private CaptureReader() {
    }

    /**
     * @param portFilter keeps a datagram when its source or destination port passes
     * @throws CaptureException when the file cannot be read, with what to do about it
     */
    public static List<CapturedDatagram> read(Path file, IntPredicate portFilter) {
        if (!Files.isReadable(file)) {
            throw new CaptureException("cannot read capture file " + file + ": it does not exist or is not readable");
        }
        PcapHandle handle;
        try {
            handle = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.MICRO);
        } catch (PcapNativeException e) {
            throw new CaptureException("cannot open " + file + " as pcap/pcapng: " + e.getMessage());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new CaptureException("libpcap is missing: install it (Debian: apt-get install libpcap0.8)");
        }
        List<CapturedDatagram> out = new ArrayList<>();
        try {
            long frame = 0;
            while (true) {
                Packet packet;
                try {
                    packet = handle.getNextPacketEx();
                } catch (EOFException e) {
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    continue;
                }
                frame++;
                long micros = handle.getTimestamp().getTime() * 1000 + (handle.getTimestamp().getNanos() / 1000) % 1000;
                UdpPacket udp = packet.get(UdpPacket.class);
                IpPacket ip = packet.get(IpPacket.class);
                if (udp == null || ip == null || udp.getPayload() == null) {
                    continue;
                }
                int sport = udp.getHeader().getSrcPort().valueAsInt();
                int dport = udp.getHeader().getDstPort().valueAsInt();
                if (!portFilter.test(sport) && !portFilter.test(dport)) {
                    continue;
                }
                InetAddress src = ip.getHeader().getSrcAddr();
                InetAddress dst = ip.getHeader().getDstAddr();
                out.add(new CapturedDatagram(frame, micros, new Endpoint(src, sport), new Endpoint(dst, dport),
                        udp.getPayload().getRawData()));
            }
        } catch (PcapNativeException | NotOpenException e) {
            throw new CaptureException("error reading " + file + ": " + e.getMessage());
        } finally {
            handle.close();
        }
        return out;
    }

    /** A capture that cannot be read. */
    public static final class CaptureException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CaptureException(String message) {
            super(message);
        }
    }
}
