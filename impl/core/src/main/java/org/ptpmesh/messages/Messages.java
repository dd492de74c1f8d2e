package org.ptpmesh.messages;

import org.ptpmesh.nat.NatType;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.ErrorCode;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/**
 * Builds the datagrams of the introducer design's exchanges (docs/protocol.md section 6), already
 * encoded. The sender's peer id is always the UUID; every other field is named after its TLV.
 */
public final class Messages {

    private Messages() {
    }

    /**
     * A ping; {@code myts} (the sender's clock) also makes it as large as the introducer's answer
     * to an address it has not validated yet, a PONG with a cookie, which may be no larger; without
     * a LAN address, SEQUENCE 0 takes PTPADDR's room, which an IPv6 answer needs.
     */
    public static byte[] ping(PeerId self, NatType nat, long restartMillis, int testPort, Endpoint lanAddress, long myts) {
        return ping(self, nat, restartMillis, testPort, lanAddress, myts, null, null);
    }

    /** A ping that echoes an introducer's cookie as YOURTS, proving the sender receives at its address. */
    public static byte[] ping(PeerId self, NatType nat, long restartMillis, int testPort, Endpoint lanAddress, long myts,
                              long cookie) {
        return ping(self, nat, restartMillis, testPort, lanAddress, myts, cookie, null);
    }

    /**
     * A ping with everything it may carry: {@code cookie} (or null) echoes an introducer's as YOURTS;
     * {@code mapped} (or null) is the port the sender's gateway forwards to it, announced as UPNP 1
     * and MAPPEDADDR so that introductions aim there.
     */
    public static byte[] ping(PeerId self, NatType nat, long restartMillis, int testPort, Endpoint lanAddress, long myts,
                              Long cookie, Endpoint mapped) {
        Message.Builder b = start(MessageKind.PING, self).uint(TlvTypes.NAT, nat.code())
                .uint(TlvTypes.RESTART, restartMillis).uint(TlvTypes.TESTPORT, testPort);
        if (lanAddress != null) {
            b.address(TlvTypes.PTPADDR, lanAddress);
        } else {
            // Room for the answer: a challenge PONG to an IPv6 address is 6 bytes larger than a
            // ping without PTPADDR, and an introducer answers an unvalidated address with no more
            // than it received. SEQUENCE (6 bytes, optional in a PING) is the filler.
            b.uint(TlvTypes.SEQUENCE, 0, 4);
        }
        b.uint(TlvTypes.MYTS, myts, 8);
        if (cookie != null) {
            b.uint(TlvTypes.YOURTS, cookie, 8);
        }
        if (mapped != null) {
            b.uint(TlvTypes.UPNP, 1).address(TlvTypes.MAPPEDADDR, mapped);
        }
        return Codec.encode(b.build());
    }

    public static byte[] pong(PeerId self, Endpoint observed, NatType nat, long restartMillis) {
        return Codec.encode(start(MessageKind.PONG, self).address(TlvTypes.YOURADDR, observed)
                .uint(TlvTypes.NAT, nat.code()).uint(TlvTypes.RESTART, restartMillis).build());
    }

    /**
     * An introducer's answer to a ping from an address it has not validated: the address it saw,
     * and in MYTS a cookie the peer echoes in its next ping; no RESTART, so that it is no larger
     * than the ping.
     */
    public static byte[] challengePong(PeerId self, Endpoint observed, NatType nat, long cookie) {
        return Codec.encode(start(MessageKind.PONG, self).address(TlvTypes.YOURADDR, observed)
                .uint(TlvTypes.NAT, nat.code()).uint(TlvTypes.MYTS, cookie, 8).build());
    }

    public static byte[] test(PeerId self, Endpoint observed) {
        return Codec.encode(start(MessageKind.TEST, self).address(TlvTypes.YOURADDR, observed).build());
    }

    public static byte[] introRequest(PeerId self, PeerId target, NatType nat) {
        return Codec.encode(start(MessageKind.INTRO_REQUEST, self).bytes(TlvTypes.TARGET, target.bytes())
                .uint(TlvTypes.NAT, nat.code()).build());
    }

    public static byte[] intro(PeerId introducer, PeerId target, Endpoint peerAddress, NatType peerNat, long attempt,
                               Endpoint peerLanAddress) {
        return intro(introducer, target, peerAddress, peerNat, attempt, peerLanAddress, null);
    }

    /** An INTRO that names the other peer's key ({@code peerKey}, PEERKEY; null for none): both peers are keyed. */
    public static byte[] intro(PeerId introducer, PeerId target, Endpoint peerAddress, NatType peerNat, long attempt,
                               Endpoint peerLanAddress, byte[] peerKey) {
        Message.Builder b = start(MessageKind.INTRO, introducer).bytes(TlvTypes.TARGET, target.bytes())
                .address(TlvTypes.PEERADDR, peerAddress).uint(TlvTypes.PEERNAT, peerNat.code()).uint(TlvTypes.ATTEMPT, attempt);
        if (peerLanAddress != null) {
            b.address(TlvTypes.PEERLANADDR, peerLanAddress);
        }
        if (peerKey != null) {
            b.bytes(TlvTypes.PEERKEY, peerKey);
        }
        return Codec.encode(b.build());
    }

    public static byte[] introError(PeerId introducer, PeerId target, ErrorCode error) {
        return Codec.encode(start(MessageKind.INTRO_ERROR, introducer).bytes(TlvTypes.TARGET, target.bytes())
                .uint(TlvTypes.ERRCODE, error.code()).build());
    }

    /** A punch; {@code probe} is the birthday probe number, or -1 for a direct punch. */
    public static byte[] punch(PeerId self, long attempt, int probe) {
        Message.Builder b = start(MessageKind.PUNCH, self).uint(TlvTypes.ATTEMPT, attempt);
        if (probe >= 0) {
            b.uint(TlvTypes.PROBENUM, probe);
        }
        return Codec.encode(b.build());
    }

    public static byte[] punchAck(PeerId self, long attempt, Endpoint observed) {
        return Codec.encode(start(MessageKind.PUNCH_ACK, self).uint(TlvTypes.ATTEMPT, attempt)
                .address(TlvTypes.YOURADDR, observed).build());
    }

    public static byte[] keepalive(PeerId self, long myts) {
        return Codec.encode(start(MessageKind.KEEPALIVE, self).uint(TlvTypes.MYTS, myts).build());
    }

    public static byte[] keepaliveAck(PeerId self, long yourts) {
        return Codec.encode(start(MessageKind.KEEPALIVE_ACK, self).uint(TlvTypes.YOURTS, yourts).build());
    }

    public static byte[] relay(PeerId self, PeerId target, byte[] inner) {
        return Codec.encode(start(MessageKind.RELAY, self).bytes(TlvTypes.TARGET, target.bytes()).payload(inner).build());
    }

    public static byte[] relayed(PeerId introducer, PeerId from, byte[] inner) {
        return Codec.encode(start(MessageKind.RELAYED, introducer).bytes(TlvTypes.FROMID, from.bytes()).payload(inner).build());
    }

    public static byte[] relayError(PeerId introducer, PeerId target, ErrorCode error) {
        return Codec.encode(start(MessageKind.RELAY_ERROR, introducer).bytes(TlvTypes.TARGET, target.bytes())
                .uint(TlvTypes.ERRCODE, error.code()).build());
    }

    public static byte[] data(PeerId self, long seq, byte[] payload) {
        return Codec.encode(start(MessageKind.DATA, self).uint(TlvTypes.APPSEQ, seq).payload(payload).build());
    }

    public static byte[] dataAck(PeerId self, long ackSeq) {
        return Codec.encode(start(MessageKind.DATA_ACK, self).uint(TlvTypes.ACKSEQ, ackSeq).build());
    }

    private static Message.Builder start(MessageKind kind, PeerId sender) {
        return Message.of(kind, sender.bytes());
    }
}
