package org.ptpmesh.net;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.ptpmesh.wire.Endpoint;

/**
 * A native array of {@code struct mmsghdr} for {@code recvmmsg}/{@code sendmmsg}, each entry
 * with one iovec over its own data slot and room for a socket address, all in one block of
 * native memory allocated once. Fields are read and written through a ByteBuffer view of that
 * memory (plain Java, no native call per field). Layout as glibc on 64-bit Linux:
 * msghdr {name 0, namelen 8, iov 16, iovlen 24, control 32, controllen 40, flags 48}, msg_len
 * at 56, 64 bytes an entry; iovec {base 0, len 8}; sockaddr_in6 is 28 bytes.
 */
final class MessageVector {

    /** A slot for one datagram to send: larger than any valid one (1400 bytes). */
    static final int SEND_SLOT = 2048;
    /**
     * A slot for what one receive returns: with UDP_GRO on, the kernel may hand over many
     * datagrams of one sender joined (up to 64 KiB). Untouched pages of the slots are never
     * made resident, so a receive vector costs memory only for what actually arrives.
     */
    static final int RECEIVE_SLOT = 65_536;

    private static final int ENTRY = 64;
    private static final int IOVEC = 16;
    private static final int NAME = 32;
    private static final int SOCKADDR_IN = 16;
    private static final int SOCKADDR_IN6 = 28;
    private static final int NAME_LENGTH = 8;
    private static final int CONTROL = 32;
    private static final int CONTROL_POINTER = 32;
    private static final int CONTROL_LENGTH = 40;
    private static final int FLAGS = 48;
    private static final int SOL_UDP = 17;
    private static final int UDP_GRO = 104;
    private static final int MESSAGE_LENGTH = 56;
    private static final byte[] V4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF};

    private final int capacity;
    private final int slot;
    private final Memory memory;
    private final ByteBuffer view;
    private final int iovecs;
    private final int names;
    private final int controls;
    private final int data;

    /** The last address decoded or encoded, kept so a run of datagrams to or from one peer allocates nothing for it. */
    private final byte[] lastRawName = new byte[SOCKADDR_IN6];
    private int lastRawLength;
    private Endpoint lastSource;
    private Endpoint lastDestination;
    private boolean lastDestinationIpv6Socket;
    private final byte[] destinationName = new byte[SOCKADDR_IN6];
    private int destinationLength;

    MessageVector(int capacity, int slot) {
        this.capacity = capacity;
        this.slot = slot;
        this.iovecs = capacity * ENTRY;
        this.names = iovecs + capacity * IOVEC;
        this.controls = names + capacity * NAME;
        this.data = controls + capacity * CONTROL;
        this.memory = new Memory((long) data + (long) capacity * slot);
        this.view = memory.getByteBuffer(0, memory.size()).order(ByteOrder.nativeOrder());
        long base = Pointer.nativeValue(memory);
        for (int i = 0; i < capacity; i++) {
            int entry = i * ENTRY;
            for (int b = 0; b < ENTRY; b += 8) {
                view.putLong(entry + b, 0L);
            }
            view.putLong(entry, base + names + (long) i * NAME);
            view.putLong(entry + 16, base + iovecs + (long) i * IOVEC);
            view.putLong(entry + 24, 1L);
            view.putLong(iovecs + i * IOVEC, base + data + (long) i * slot);
            view.putLong(iovecs + i * IOVEC + 8, slot);
        }
    }

    /** The native address of entry {@code index}, for a call that starts there. */
    Pointer entry(int index) {
        return memory.share((long) index * ENTRY);
    }

    /** Makes every entry ready to receive: whole slots, room for an IPv6 address and a control message. */
    void prepareReceive() {
        long base = Pointer.nativeValue(memory);
        for (int i = 0; i < capacity; i++) {
            view.putInt(i * ENTRY + NAME_LENGTH, SOCKADDR_IN6);
            view.putLong(iovecs + i * IOVEC + 8, slot);
            view.putLong(i * ENTRY + CONTROL_POINTER, base + controls + (long) i * CONTROL);
            view.putLong(i * ENTRY + CONTROL_LENGTH, CONTROL);
            view.putInt(i * ENTRY + FLAGS, 0);
        }
    }

    /**
     * The segment size the kernel reports for a received entry that joins several datagrams
     * (a UDP_GRO control message), or 0 when it holds one datagram.
     */
    int segmentSize(int index) {
        long controlLength = view.getLong(index * ENTRY + CONTROL_LENGTH);
        int control = controls + index * CONTROL;
        // struct cmsghdr {size_t len; int level; int type;} then the int
        if (controlLength >= 20 && view.getInt(control + 8) == SOL_UDP && view.getInt(control + 12) == UDP_GRO) {
            return view.getInt(control + 16);
        }
        return 0;
    }

    /** The received datagram's whole length (received with MSG_TRUNC: also when longer than its slot). */
    int length(int index) {
        return view.getInt(index * ENTRY + MESSAGE_LENGTH);
    }

    /**
     * The received datagram. One longer than its slot comes back at its full length with only
     * the slot's bytes read and the rest zero: such a datagram is oversize for ptpmesh, and its
     * length is all the codec needs to refuse it.
     */
    byte[] payload(int index) {
        int length = length(index);
        byte[] out = new byte[length];
        view.get(data + index * slot, out, 0, Math.min(length, slot));
        return out;
    }

    /** {@code length} bytes from {@code offset} of a received entry: one datagram of several joined. */
    byte[] payload(int index, int offset, int length) {
        byte[] out = new byte[length];
        view.get(data + index * slot + offset, out, 0, length);
        return out;
    }

    /** Where the received datagram came from; null for an address family other than IPv4/IPv6. */
    Endpoint source(int index) {
        int name = names + index * NAME;
        int family = view.getShort(name);
        int length = family == LinuxSockets.AF_INET ? 8 : family == LinuxSockets.AF_INET6 ? SOCKADDR_IN6 : -1;
        if (length < 0) {
            return null;
        }
        if (lastSource != null && length == lastRawLength && sameBytes(name, length)) {
            return lastSource;
        }
        view.get(name, lastRawName, 0, length);
        lastRawLength = length;
        int port = (view.get(name + 2) & 0xFF) << 8 | view.get(name + 3) & 0xFF; // network byte order
        lastSource = new Endpoint(address(family, name), port);
        return lastSource;
    }

    /**
     * Puts a datagram into entry {@code index} for sending; false if the destination cannot be
     * reached from this socket (IPv6 from an IPv4 socket) or the payload does not fit a slot.
     */
    boolean put(int index, Endpoint to, byte[] payload, boolean ipv6Socket) {
        if (payload.length > slot || !encodeDestination(to, ipv6Socket)) {
            return false;
        }
        int entry = index * ENTRY;
        view.put(names + index * NAME, destinationName, 0, destinationLength);
        view.putInt(entry + NAME_LENGTH, destinationLength);
        view.putLong(iovecs + index * IOVEC + 8, payload.length);
        view.put(data + index * slot, payload);
        return true;
    }

    /** Native address of entry {@code index}'s socket address. */
    long namePointer(int index) {
        return view.getLong(index * ENTRY);
    }

    int nameLength(int index) {
        return view.getInt(index * ENTRY + NAME_LENGTH);
    }

    /** Native address of entry {@code index}'s iovec; the iovecs of consecutive entries are consecutive. */
    long iovPointer(int index) {
        return view.getLong(index * ENTRY + 16);
    }

    private boolean encodeDestination(Endpoint to, boolean ipv6Socket) {
        if (to.equals(lastDestination) && ipv6Socket == lastDestinationIpv6Socket) {
            return true;
        }
        byte[] address = to.address().getAddress();
        Arrays.fill(destinationName, (byte) 0);
        ByteBuffer name = ByteBuffer.wrap(destinationName).order(ByteOrder.nativeOrder());
        if (!ipv6Socket) {
            if (address.length != 4) {
                return false;
            }
            name.putShort(0, (short) LinuxSockets.AF_INET);
            destinationName[2] = (byte) (to.port() >>> 8);
            destinationName[3] = (byte) to.port();
            System.arraycopy(address, 0, destinationName, 4, 4);
            destinationLength = SOCKADDR_IN;
        } else {
            name.putShort(0, (short) LinuxSockets.AF_INET6);
            destinationName[2] = (byte) (to.port() >>> 8);
            destinationName[3] = (byte) to.port();
            if (address.length == 4) {
                System.arraycopy(V4_MAPPED_PREFIX, 0, destinationName, 8, 12);
                System.arraycopy(address, 0, destinationName, 20, 4);
            } else {
                System.arraycopy(address, 0, destinationName, 8, 16);
                if (to.address() instanceof Inet6Address v6 && v6.getScopeId() != 0) {
                    name.putInt(24, v6.getScopeId());
                }
            }
            destinationLength = SOCKADDR_IN6;
        }
        lastDestination = to;
        lastDestinationIpv6Socket = ipv6Socket;
        return true;
    }

    private boolean sameBytes(int name, int length) {
        for (int i = 0; i < length; i++) {
            if (view.get(name + i) != lastRawName[i]) {
                return false;
            }
        }
        return true;
    }

    private InetAddress address(int family, int name) {
        try {
            if (family == LinuxSockets.AF_INET) {
                byte[] a = new byte[4];
                view.get(name + 4, a);
                return InetAddress.getByAddress(a);
            }
            byte[] a = new byte[16];
            view.get(name + 8, a);
            int scope = view.getInt(name + 24);
            // a v4-mapped address comes back as the IPv4 address, as NIO gives it
            InetAddress plain = InetAddress.getByAddress(a);
            return scope != 0 && plain instanceof Inet6Address ? Inet6Address.getByAddress(null, a, scope) : plain;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }
}
