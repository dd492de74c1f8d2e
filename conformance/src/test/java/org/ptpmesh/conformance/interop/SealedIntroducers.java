package org.ptpmesh.conformance.interop;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.ptpmesh.identity.IdentityFile;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.identity.PublicKeys;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.KeyLog;
import org.ptpmesh.secure.SecureConfig;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * Introducers on real UDP inside the session layer, as ptpserver runs its introducer, each with
 * an identity file of its own, for keyed peers to pin: {@link #pins()}, or {@code HOST:PORT@KEY}.
 */
public final class SealedIntroducers implements AutoCloseable {

    private final List<UdpRuntime> running = new ArrayList<>();
    private final Map<Endpoint, byte[]> pins = new HashMap<>();

    /** Starts one on {@code address}, its identity file in {@code dir}; returns where it listens. */
    public Endpoint start(InetAddress address, Path dir, int seed) throws Exception {
        int[] ports = distinctFreePorts(address, 2);
        Identity identity = IdentityFile.loadOrCreate(dir.resolve("introducer-" + seed), new SecureRandom());
        IntroducerConfig config = IntroducerConfig.builder("introducer" + seed, ports[0]).testSourcePort(ports[1])
                .registrationMillis(60_000).maxRegistrations(100).relayQuota(100).build();
        Introducer node = new Introducer(config, PeerId.random(new Random(seed)), 0, new Random(seed));
        UdpRuntime rt = new UdpRuntime(NodeSecurity.sealed(node, SecureConfig.server(identity, KeyLog.NONE, "introducer" + seed)),
                address, e -> { }, DatagramTap.NONE, e -> { }, System::currentTimeMillis);
        rt.start();
        running.add(rt);
        Endpoint at = new Endpoint(address, ports[0]);
        pins.put(at, identity.keys().publicKey());
        return at;
    }

    /** The started introducers' keys, by where they listen. */
    public Map<Endpoint, byte[]> pins() {
        return pins;
    }

    /** {@code at} as a command names it pinned: {@code HOST:PORT@KEY}. */
    public String pinned(Endpoint at) {
        return at + "@" + PublicKeys.format(pins.get(at));
    }

    /** {@code count} different free ports: the kernel may hand a just-freed port out again. */
    public static int[] distinctFreePorts(InetAddress address, int count) {
        return IntStream.generate(() -> LocalAddresses.freeUdpPort(address)).distinct().limit(count).toArray();
    }

    @Override
    public void close() {
        running.forEach(UdpRuntime::close);
    }
}
