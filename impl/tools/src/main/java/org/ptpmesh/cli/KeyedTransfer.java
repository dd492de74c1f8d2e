package org.ptpmesh.cli;

import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.identity.PublicKeys;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.secure.SecureDropReason;
import org.ptpmesh.secure.SecureNode;
import org.ptpmesh.transfer.SealedTransfers;
import org.ptpmesh.transfer.TransferNode;

/**
 * A transfer command's node with keys (docs/transfer.md, "Sealed transfers"): a sender or
 * fetcher reaches its peer by an IK handshake to the key given as {@code HOST:PORT@KEY}; a
 * receiver or server answers handshakes and seals its replies. Both drop plain transfer
 * datagrams ({@link SealedOnly}), unless a receiver or server runs {@code --legacy}.
 */
final class KeyedTransfer {

    /** What --legacy does, for the senders' and fetchers' --help. */
    static final String LEGACY_PEER_HELP = "Plain transfer, as ptptest 2014's, to a peer without a key (it runs --legacy too):"
            + " unauthenticated and readable on the way; instead of @KEY";
    /** What --legacy does, for the receivers' and servers' --help. */
    static final String LEGACY_LISTENER_HELP = "Take plain transfers too, as ptptest 2014's (unauthenticated, readable on the"
            + " way), besides sealed ones; without it a plain transfer datagram is dropped (not_sealed)";

    private final SecureNode secure;
    private final SealedOnly filter;
    /** The peer an initiator reaches, or null for a responder. */
    private final IntroducerAddress peer;
    /** What the peer is, for people: "receiver", "server". */
    private final String peerRole;

    private KeyedTransfer(SecureNode secure, SealedOnly filter, IntroducerAddress peer, String peerRole) {
        this.secure = secure;
        this.filter = filter;
        this.peer = peer;
        this.peerRole = peerRole;
    }

    /**
     * The peer named by {@code text} ({@code HOST:PORT@KEY}, parsed as an introducer's address),
     * checked against the rule: a key, or --legacy, not both.
     *
     * @throws IllegalArgumentException naming {@code option}, saying where the key is printed
     */
    static IntroducerAddress peer(String text, String option, boolean legacy, String peerCommand) {
        IntroducerAddress peer = IntroducerAddress.parse(text, option, -1);
        if (peer.key() == null && !legacy) {
            throw new IllegalArgumentException(option + " " + text + " has no @KEY: transfers are sealed to the peer's key."
                    + " '" + peerCommand + "' prints it when it starts ('public key ...'; 'ptpmesh identity' there shows it too):"
                    + " give " + option + " HOST:PORT@KEY, or --legacy for a plain transfer to a peer started with --legacy");
        }
        if (peer.key() != null && legacy) {
            throw new IllegalArgumentException(option + " " + text + ": --legacy transfers plain, to no key; drop @KEY or --legacy");
        }
        return peer;
    }

    /** {@code transfers} reaching {@code peer} (a {@code peerRole}) sealed under its key, and taking sealed datagrams only. */
    static KeyedTransfer initiator(NodeSecurity keys, TransferNode transfers, IntroducerAddress peer, String peerRole) {
        SecureRandom random = new SecureRandom();
        SealedOnly filter = new SealedOnly(transfers, false, from -> { });
        SecureNode secure = SealedTransfers.sender(filter, keys.identity(), peer.endpoint(), peer.key(), keys.keyLog(),
                NodeSecurity.ephemeralKeys(random), random);
        return new KeyedTransfer(secure, filter, peer, peerRole);
    }

    /**
     * {@code transfers} answering handshakes and sealing to whoever made a session; plain
     * datagrams go to it only when {@code takesPlain}, else the first one dropped is noted.
     */
    static KeyedTransfer responder(NodeSecurity keys, TransferNode transfers, boolean takesPlain, Consumer<String> notes) {
        SecureRandom random = new SecureRandom();
        SealedOnly filter = new SealedOnly(transfers, takesPlain, from -> notes.accept("dropped a plain transfer datagram"
                + " from " + from + ": this end takes sealed transfers only (a sender gives --to HOST:PORT@KEY with the key"
                + " shown above); start it with --legacy to take plain ones too (further drops are counted, not noted)"));
        SecureNode secure = SealedTransfers.receiver(filter, keys.identity(), keys.keyLog(), NodeSecurity.ephemeralKeys(random),
                random);
        filter.sealedRoutes(secure::hasSessionOn);
        return new KeyedTransfer(secure, filter, null, null);
    }

    /** What the runtime runs. */
    Node node() {
        return secure;
    }

    /** {@code begin}, run with the transfer node's effects: what it sends goes through the session layer. */
    BiConsumer<Long, Effects> inside(BiConsumer<Long, Effects> begin) {
        return (now, out) -> secure.callInner(now, out, inner -> begin.accept(now, inner));
    }

    /**
     * Why an initiator's run must end now, or null: its handshake got no answer under the key it
     * was given (a receiver with a new identity, none at all, or one without keys). The session
     * layer gives up after its IK retries and an XX attempt, whose answer under another key the
     * pin refuses: well within a transfer's idle timeout. Read from the watching thread.
     */
    String handshakeFailure() {
        if (peer == null || secure.drops().get(SecureDropReason.HANDSHAKE_GAVE_UP.label())
                + secure.drops().get(SecureDropReason.KEY_REFUSED.label()) == 0) {
            return null;
        }
        boolean otherKey = secure.drops().get(SecureDropReason.KEY_REFUSED.label()) > 0;
        return "no handshake answer from " + peer.endpoint() + " for key " + PublicKeys.format(peer.key())
                + (otherKey ? " (it answers under another key)" : "")
                + "; if the " + peerRole + " has a new identity, ask for its key (ptpmesh identity)";
    }

    /**
     * What the keys refused, by reason: the session layer's drops (forged, altered, replayed,
     * misrouted) and the plain datagrams dropped. The transfer endpoint counts its own, which
     * include an ordinary run's (the first OFFER, answered with a cookie, is {@code unvalidated}).
     */
    Map<String, Long> drops() {
        Map<String, Long> all = new TreeMap<>(filter.drops().snapshot());
        all.putAll(secure.drops().snapshot());
        return all;
    }

    /** How a peer reaches this end by its key, for the line naming the identity: what to copy to the other side. */
    static String reachedAs(NodeSecurity keys, String peers, String option, int port) {
        return peers + " give " + option + " HOST:" + port + "@" + PublicKeys.format(keys.identity().keys().publicKey());
    }
}
