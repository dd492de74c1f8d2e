package org.ptpmesh.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.ptpmesh.node.Node;
import org.ptpmesh.testkit.DriverContract;

/**
 * The UDP runtime keeps the driver contract on loopback, strict. The host's addresses come from
 * a stand-in polled every 20 ms, so a test can move the host without touching real interfaces.
 */
class UdpRuntimeDriverContractTest extends DriverContract {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final List<DatagramChannel> occupied = new ArrayList<>();

    @Override
    protected Run start(Node node) {
        AtomicReference<List<InetAddress>> addresses = new AtomicReference<>(List.of(LOOPBACK));
        UdpRuntime runtime;
        try {
            runtime = UdpRuntime.of(node, LOOPBACK).strict(true).watchAddresses(addresses::get, 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runtime.start();
        return new Run() {
            @Override
            public void runFor(long millis) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void changeAddresses() {
                addresses.set(List.of(InetAddress.getLoopbackAddress(), address("127.0.0.2")));
            }

            @Override
            public List<InetAddress> addresses() {
                return addresses.get();
            }

            @Override
            public long refusedSends() {
                return runtime.stats().sendFailures.get();
            }

            @Override
            public void close() {
                runtime.close();
            }
        };
    }

    /** A port another socket holds. */
    @Override
    protected int unbindablePort() {
        try {
            DatagramChannel holder = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
            occupied.add(holder);
            return holder.socket().getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected int freePort() {
        return LocalAddresses.freeUdpPort(LOOPBACK);
    }

    @AfterEach
    void releasePorts() throws IOException {
        for (DatagramChannel c : occupied) {
            c.close();
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
