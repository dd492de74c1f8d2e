package org.ptpmesh.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What to simulate: peers behind NATs, which pairs connect, link loss, seed and duration.
 *
 * @param peers    in start order; {@code behind} names an earlier peer whose NAT this one shares
 * @param connects pairs (initiator, target) asked to connect once the NATs are classified
 */
public record Scenario(String name, List<PeerSpec> peers, List<Pair> connects, double loss, long seed, long durationMillis) {

    /** A peer to start. */
    public record PeerSpec(String name, NatKind nat, String behind) {
    }

    /** A connect request from {@code from} to {@code to}. */
    public record Pair(String from, String to) {
    }

    public Scenario {
        if (loss < 0 || loss >= 1) {
            throw new IllegalArgumentException("loss must be in [0, 1), got " + loss);
        }
        if (durationMillis <= 0) {
            throw new IllegalArgumentException("duration must be positive");
        }
        peers = List.copyOf(peers);
        connects = List.copyOf(connects);
    }

    /**
     * The embedded default: a peer behind every NAT kind of {@link NatKind#meshKinds()}, easy+map
     * and hard+map included (and two behind one Linux NAT), every pair connected, two simulated
     * minutes, so RTTs from the first keepalives are in.
     */
    public static Scenario mesh(long seed, double loss, long durationMillis) {
        List<PeerSpec> peers = new ArrayList<>();
        for (NatKind kind : NatKind.meshKinds()) {
            peers.add(new PeerSpec(kind.label(), kind, null));
        }
        peers.add(new PeerSpec("linux-easy-2", NatKind.LINUX_EASY, NatKind.LINUX_EASY.label()));
        return new Scenario("mesh", peers, allPairs(peers), loss, seed, durationMillis);
    }

    /** {@code count} peers over the NAT kinds without port mapping, each asking {@code perPeer} others to connect. */
    public static Scenario swarm(int count, int perPeer, long seed, double loss, long durationMillis) {
        Random random = new Random(seed);
        List<NatKind> kinds = NatKind.withoutMapping();
        List<PeerSpec> peers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            peers.add(new PeerSpec("p" + i, kinds.get(i % kinds.size()), null));
        }
        List<Pair> connects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < perPeer; k++) {
                int j = random.nextInt(count - 1);
                connects.add(new Pair("p" + i, "p" + (j >= i ? j + 1 : j)));
            }
        }
        return new Scenario("swarm", peers, connects, loss, seed, durationMillis);
    }

    public static List<Pair> allPairs(List<PeerSpec> peers) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            for (int j = i + 1; j < peers.size(); j++) {
                pairs.add(new Pair(peers.get(i).name(), peers.get(j).name()));
            }
        }
        return pairs;
    }
}
