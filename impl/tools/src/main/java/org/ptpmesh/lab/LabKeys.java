package org.ptpmesh.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.ptpmesh.identity.DrivenNode;
import org.ptpmesh.identity.IdentityException;
import org.ptpmesh.identity.IdentityFile;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.node.Node;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.wire.Endpoint;

/**
 * The keys of one lab (docs/protocol.md 6.9): each node's identity file in a directory of the
 * lab's own, deleted with it, and the introducers' public keys, which every keyed peer pins, as
 * {@code --introducers HOST:PORT@KEY} does.
 */
final class LabKeys implements AutoCloseable {

    /** The session layer's name in a keyed node's trace. */
    static final String SESSION_LAYER = "sessions";

    private final Path dir;
    private final Map<Endpoint, byte[]> introducers = new ConcurrentHashMap<>();

    private LabKeys(Path dir) {
        this.dir = dir;
    }

    static LabKeys create(String run) {
        try {
            return new LabKeys(Files.createTempDirectory(run + "keys-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the lab's identity files", e);
        }
    }

    /** The identity of the node named {@code name}, made on first use. */
    Identity identity(String name) {
        try {
            return IdentityFile.loadOrCreate(file(name), new SecureRandom());
        } catch (IdentityException e) {
            throw new LabException("cannot make the identity of " + name + ": " + e.getMessage(), e);
        }
    }

    /** Makes {@code key} the one peers pin for the introducer at {@code at}. */
    void pinIntroducer(Endpoint at, byte[] key) {
        introducers.put(at, key.clone());
    }

    /**
     * {@code inner}, the peer named {@code name}, keyed: its own identity, every introducer of the
     * lab pinned, {@code reached} (its introducers) reached sealed only. The lab closes the keys.
     */
    DrivenNode keyed(Lab lab, String name, Node inner, Set<Endpoint> reached) {
        for (Endpoint introducer : reached) {
            if (!introducers.containsKey(introducer)) {
                throw new IllegalArgumentException(name + "'s introducer " + introducer + " is no introducer of this lab: its key is unknown");
            }
        }
        try {
            // PTPMESH_KEYLOG, as for any node: the captures of a lab run with it open with ptpconform pcap --keylog
            NodeSecurity keys = lab.own(NodeSecurity.load(file(name), introducers, System.getenv(), System.err::println,
                    new SecureRandom()));
            // the session layer traces as a node of its own, so the peer's trace stays the peer's
            return DrivenNode.keyed(inner, keys, reached, SESSION_LAYER);
        } catch (IdentityException e) {
            throw new LabException("cannot load the keys of " + name + ": " + e.getMessage(), e);
        }
    }

    private Path file(String name) {
        return dir.resolve(name).resolve("identity");
    }

    /** Deletes the identity files. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
