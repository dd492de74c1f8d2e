package org.ptpmesh.conformance.pcap;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc791Tos;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.pcap4j.packet.namednumber.EtherType;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.UdpPort;
import org.pcap4j.util.MacAddress;
import org.ptpmesh.wire.Endpoint;

/**
 * Writes datagrams as a classic pcap of Ethernet/IPv4/UDP frames through Pcap4J's own packet
 * builders and libpcap's dumper, so fixture files are exactly what a capture tool writes.
 */
public final class FixtureWriter {

    /** One UDP datagram on the wire at a capture time. */
    public record Frame(long micros, Endpoint source, Endpoint destination, byte[] payload) {
    }

    private static final MacAddress MAC_A = MacAddress.getByName("02:00:00:00:00:01");
    private static final MacAddress MAC_B = MacAddress.getByName("02:00:00:00:00:02");

    private FixtureWriter() {
    }

    public static void write(Path file, List<Frame> frames) throws Exception {
        try (PcapHandle handle = Pcaps.openDead(DataLinkType.EN10MB, 65_535);
             PcapDumper dumper = handle.dumpOpen(file.toString())) {
            for (Frame f : frames) {
                Timestamp ts = new Timestamp(f.micros() / 1_000_000 * 1000);
                ts.setNanos((int) (f.micros() % 1_000_000) * 1000);
                dumper.dump(ethernet(f), ts);
            }
        }
    }

    private static EthernetPacket ethernet(Frame f) {
        UdpPacket.Builder udp = new UdpPacket.Builder()
                .srcPort(UdpPort.getInstance((short) f.source().port()))
                .dstPort(UdpPort.getInstance((short) f.destination().port()))
                .srcAddr(f.source().address()).dstAddr(f.destination().address())
                .payloadBuilder(new UnknownPacket.Builder().rawData(f.payload()))
                .correctChecksumAtBuild(true).correctLengthAtBuild(true);
        IpV4Packet.Builder ip = new IpV4Packet.Builder()
                .version(IpVersion.IPV4).tos(IpV4Rfc791Tos.newInstance((byte) 0)).ttl((byte) 64)
                .protocol(IpNumber.UDP).dontFragmentFlag(true)
                .srcAddr((Inet4Address) f.source().address()).dstAddr((Inet4Address) f.destination().address())
                .payloadBuilder(udp).correctChecksumAtBuild(true).correctLengthAtBuild(true);
        return new EthernetPacket.Builder().srcAddr(MAC_A).dstAddr(MAC_B).type(EtherType.IPV4)
                .payloadBuilder(ip).paddingAtBuild(true).build();
    }
}
