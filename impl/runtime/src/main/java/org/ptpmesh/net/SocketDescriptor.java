package org.ptpmesh.net;

import java.lang.reflect.Method;
import java.nio.channels.DatagramChannel;

/**
 * The file descriptor behind a DatagramChannel, for the few socket calls Java does not offer
 * (a unicast TTL, batched sends and receives). Reaching it needs the JVM flag
 * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}, which the launchers and the test
 * runner pass.
 */
final class SocketDescriptor {

    private static final Method GET_FD_VAL = lookup();

    private SocketDescriptor() {
    }

    /** Whether descriptors can be reached in this JVM (the add-exports flag is there). */
    static boolean reachable() {
        return GET_FD_VAL != null;
    }

    static int of(DatagramChannel channel) {
        if (GET_FD_VAL == null) {
            throw new UnsupportedOperationException("cannot reach the socket descriptor; run the JVM with "
                    + "--add-exports java.base/sun.nio.ch=ALL-UNNAMED");
        }
        try {
            return (int) GET_FD_VAL.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedOperationException("cannot read the socket descriptor of " + channel, e);
        }
    }

    private static Method lookup() {
        try {
            Method m = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
