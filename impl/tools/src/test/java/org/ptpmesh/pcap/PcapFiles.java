package org.ptpmesh.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ptpmesh.wire.Endpoint;

/** Writes classic pcap files of Ethernet/IPv4/UDP frames, for tests of capture readers. */
public final class PcapFiles {

    /** One UDP datagram to write. */
    public record Frame(long micros, Endpoint source, Endpoint destination, byte[] payload) {
    }

    private PcapFiles() {
    }

    public static void write(Path file, List<Frame> frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer global = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        global.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(global.array());
        for (Frame f : frames) {
            byte[] frame = ethernetIpv4Udp(f);
            ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            rec.putInt((int) (f.micros() / 1_000_000)).putInt((int) (f.micros() % 1_000_000)).putInt(frame.length).putInt(frame.length);
            out.write(rec.array());
            out.write(frame);
        }
        Files.write(file, out.toByteArray());
    }

    private static byte[] ethernetIpv4Udp(Frame f) {
        int udpLength = 8 + f.payload().length;
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + udpLength);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        int ipStart = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + udpLength)).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(f.source().address().getAddress()).put(f.destination().address().getAddress());
        int sum = 0;
        for (int i = ipStart; i < ipStart + 20; i += 2) {
            sum += ((b.get(i) & 0xFF) << 8) | (b.get(i + 1) & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        b.putShort(ipStart + 10, (short) ~sum);
        b.putShort((short) f.source().port()).putShort((short) f.destination().port()).putShort((short) udpLength).putShort((short) 0);
        b.put(f.payload());
        return b.array();
    }
}
