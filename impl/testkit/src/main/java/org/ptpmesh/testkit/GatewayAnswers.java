package org.ptpmesh.testkit;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Answers as a PCP or NAT-PMP gateway writes them (RFC 6887 section 11.1, RFC 6886 section 3), for tests. */
public final class GatewayAnswers {

    private GatewayAnswers() {
    }

    public static byte[] pcpMap(int result, long lifetime, byte[] nonce, int protocol, int internalPort, int externalPort,
            InetAddress external) {
        ByteBuffer b = ByteBuffer.allocate(60);
        b.put((byte) 2).put((byte) 0x81).put((byte) 0).put((byte) result).putInt((int) lifetime).putInt(1234).put(new byte[12]);
        b.put(nonce).put((byte) protocol).put(new byte[3]).putShort((short) internalPort).putShort((short) externalPort);
        byte[] mapped = new byte[16];
        if (external instanceof Inet4Address) {
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(external.getAddress(), 0, mapped, 12, 4);
        } else {
            mapped = external.getAddress();
        }
        return b.put(mapped).array();
    }

    public static byte[] natPmpAddress(int result, InetAddress external) {
        return ByteBuffer.allocate(12).put((byte) 0).put((byte) 128).putShort((short) result).putInt(99)
                .put(external.getAddress()).array();
    }

    public static byte[] natPmpMap(int result, int internalPort, int externalPort, long lifetime) {
        return ByteBuffer.allocate(16).put((byte) 0).put((byte) 129).putShort((short) result).putInt(99)
                .putShort((short) internalPort).putShort((short) externalPort).putInt((int) lifetime).array();
    }

    /** A NAT-PMP-only gateway's answer to a PCP request (RFC 6887 section 9): version 0, result 1. */
    public static byte[] natPmpUnsupportedVersion() {
        return new byte[] {0, (byte) 129, 0, 1, 0, 0, 0, 99};
    }
}
