package org.ptpmesh.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The Linux system calls that move many datagrams per call ({@code recvmmsg}, {@code sendmmsg}),
 * bound through JNA's direct mapping (a plain native call, no reflection per call). Java's NIO
 * makes one system call per datagram, and on loopback the call itself is a large part of what
 * a datagram costs (docs/performance.md).
 *
 * <p>Only on 64-bit Linux with glibc's struct layout (x86-64 and AArch64 share it); elsewhere
 * {@link #AVAILABLE} is false and the runtime uses NIO.
 */
final class LinuxSockets {

    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int SOL_SOCKET = 1;
    static final int SO_DOMAIN = 39;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int ENOBUFS = 105;
    static final int SOL_UDP = 17;
    static final int UDP_GRO = 104;

    static final boolean AVAILABLE = register();

    private LinuxSockets() {
    }

    static native int recvmmsg(int fd, Pointer vector, int length, int flags, Pointer timeout) throws LastErrorException;

    static native int sendmmsg(int fd, Pointer vector, int length, int flags) throws LastErrorException;

    static native int getsockopt(int fd, int level, int name, Pointer value, Pointer valueLength) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, Pointer value, int valueLength) throws LastErrorException;

    private static boolean register() {
        if (!Platform.isLinux() || !Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
            return false;
        }
        try {
            Native.register(LinuxSockets.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }
}
