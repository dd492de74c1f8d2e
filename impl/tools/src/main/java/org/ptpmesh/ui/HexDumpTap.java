package org.ptpmesh.ui;

import java.util.HexFormat;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.wire.Endpoint;

/** --hexdump: every datagram in and out, 16 bytes a line with offsets, into the log. */
public final class HexDumpTap implements DatagramTap {

    private final LogSink log;

    public HexDumpTap(LogSink log) {
        this.log = log;
    }

    @Override
    public void received(int localPort, Endpoint from, byte[] data) {
        log.log(LogSink.Level.INFO, "recv " + data.length + " bytes from " + from + " on port " + localPort + "\n" + dump(data));
    }

    @Override
    public void sent(int localPort, Endpoint to, byte[] data) {
        log.log(LogSink.Level.INFO, "sent " + data.length + " bytes to " + to + " from port " + localPort + "\n" + dump(data));
    }

    static String dump(byte[] data) {
        StringBuilder sb = new StringBuilder();
        HexFormat hex = HexFormat.ofDelimiter(" ");
        for (int off = 0; off < data.length; off += 16) {
            int end = Math.min(data.length, off + 16);
            sb.append(String.format("  %04x  ", off)).append(hex.formatHex(data, off, end));
            if (end < data.length) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
