package org.ptpmesh.noise;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Noise spec's HandshakeState (section 5.3) for {@link HandshakePattern}s, sans-IO: it turns
 * payloads into handshake messages and back, and the caller moves the bytes. Ephemeral keys come
 * from an {@link EphemeralKeySource}, so the same keys give the same bytes.
 *
 * <p>Every message read is first worked on a copy of the state, kept only when the whole message
 * was good: a forged, damaged or replayed message is refused with a {@link NoiseException} and the
 * handshake waits on for the genuine one.
 */
public final class HandshakeState {

    private final HandshakePattern pattern;
    private final boolean initiator;
    private final DhKeyPair staticKeys;
    private final EphemeralKeySource ephemeralKeys;
    private SymmetricState symmetric;
    private DhKeyPair ephemeral;
    private byte[] remoteEphemeral;
    private byte[] remoteStatic;
    private int nextMessage;

    private HandshakeState(HandshakePattern pattern, boolean initiator, byte[] prologue, DhKeyPair staticKeys,
            byte[] remoteStatic, EphemeralKeySource ephemeralKeys) {
        this.pattern = pattern;
        this.initiator = initiator;
        this.staticKeys = Objects.requireNonNull(staticKeys, "staticKeys");
        this.ephemeralKeys = Objects.requireNonNull(ephemeralKeys, "ephemeralKeys");
        this.remoteStatic = remoteStatic;
        symmetric = SymmetricState.initialize(pattern.protocolName());
        symmetric.mixHash(prologue);
        if (pattern.responderStaticKnown()) {
            symmetric.mixHash(initiator ? remoteStatic : staticKeys.publicKey());
        }
    }

    /**
     * The initiator's side. {@code responderStatic} is the responder's public key when the pattern
     * has the initiator know it beforehand (IK), and null otherwise (XX).
     */
    public static HandshakeState initiator(HandshakePattern pattern, byte[] prologue, DhKeyPair staticKeys,
            byte[] responderStatic, EphemeralKeySource ephemeralKeys) {
        if (pattern.responderStaticKnown() != (responderStatic != null)) {
            throw new IllegalArgumentException(pattern + (pattern.responderStaticKnown()
                    ? " needs the responder's static key" : " learns the responder's static key in the handshake"));
        }
        if (responderStatic != null && responderStatic.length != NoiseLimits.DH_LENGTH) {
            throw new IllegalArgumentException("a static key is " + NoiseLimits.DH_LENGTH + " bytes, got " + responderStatic.length);
        }
        return new HandshakeState(pattern, true, prologue, staticKeys,
                responderStatic == null ? null : responderStatic.clone(), ephemeralKeys);
    }

    /** The responder's side. */
    public static HandshakeState responder(HandshakePattern pattern, byte[] prologue, DhKeyPair staticKeys,
            EphemeralKeySource ephemeralKeys) {
        return new HandshakeState(pattern, false, prologue, staticKeys, null, ephemeralKeys);
    }

    /** Whether the next message is this party's to write. */
    public boolean isMyTurnToWrite() {
        return !isComplete() && (nextMessage % 2 == 0) == initiator;
    }

    public boolean isComplete() {
        return nextMessage == pattern.messageCount();
    }

    /** The next handshake message, carrying {@code payload} (sealed once the pattern has a key). */
    public byte[] writeMessage(byte[] payload) throws NoiseException {
        if (!isMyTurnToWrite()) {
            throw new NoiseException(NoiseException.Reason.WRONG_STATE, "message " + (nextMessage + 1) + " of "
                    + pattern + " is not the " + role() + "'s to write" + (isComplete() ? ": the handshake is complete" : ""));
        }
        if (payload.length > NoiseLimits.MAX_MESSAGE_LENGTH) {
            throw new NoiseException(NoiseException.Reason.MESSAGE_TOO_LONG, "a payload of " + payload.length + " bytes");
        }
        SymmetricState trial = symmetric.copy();
        DhKeyPair newEphemeral = ephemeral;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HandshakePattern.Token token : pattern.message(nextMessage)) {
            switch (token) {
                case E -> {
                    newEphemeral = DhKeyPair.fromPrivateKey(ephemeralKeys.nextPrivateKey());
                    byte[] publicKey = newEphemeral.publicKey();
                    out.writeBytes(publicKey);
                    trial.mixHash(publicKey);
                }
                case S -> out.writeBytes(trial.encryptAndHash(staticKeys.publicKey()));
                default -> trial.mixKey(dh(token, newEphemeral, remoteEphemeral, remoteStatic));
            }
        }
        out.writeBytes(trial.encryptAndHash(payload));
        if (out.size() > NoiseLimits.MAX_MESSAGE_LENGTH) {
            throw new NoiseException(NoiseException.Reason.MESSAGE_TOO_LONG,
                    "message " + (nextMessage + 1) + " would be " + out.size() + " bytes");
        }
        symmetric = trial;
        ephemeral = newEphemeral;
        nextMessage++;
        return out.toByteArray();
    }

    /** The payload of the next handshake message, {@code message}, from the other party. */
    public byte[] readMessage(byte[] message) throws NoiseException {
        if (isComplete() || isMyTurnToWrite()) {
            throw new NoiseException(NoiseException.Reason.WRONG_STATE, "the " + role() + " expects no message now"
                    + (isComplete() ? ": the handshake is complete" : ": it is its turn to write"));
        }
        if (message.length > NoiseLimits.MAX_MESSAGE_LENGTH) {
            throw new NoiseException(NoiseException.Reason.MESSAGE_TOO_LONG, message.length + " bytes");
        }
        SymmetricState trial = symmetric.copy();
        byte[] newRemoteEphemeral = remoteEphemeral;
        byte[] newRemoteStatic = remoteStatic;
        int at = 0;
        for (HandshakePattern.Token token : pattern.message(nextMessage)) {
            switch (token) {
                case E -> {
                    newRemoteEphemeral = slice(message, at, NoiseLimits.DH_LENGTH);
                    at += NoiseLimits.DH_LENGTH;
                    trial.mixHash(newRemoteEphemeral);
                }
                case S -> {
                    int length = NoiseLimits.DH_LENGTH + (trial.hasKey() ? NoiseLimits.TAG_LENGTH : 0);
                    newRemoteStatic = trial.decryptAndHash(slice(message, at, length));
                    at += length;
                }
                default -> trial.mixKey(dh(token, ephemeral, newRemoteEphemeral, newRemoteStatic));
            }
        }
        byte[] payload = trial.decryptAndHash(Arrays.copyOfRange(message, at, message.length));
        symmetric = trial;
        remoteEphemeral = newRemoteEphemeral;
        remoteStatic = newRemoteStatic;
        nextMessage++;
        return payload;
    }

    /** The other party's static public key: known from the start (IK's initiator) or once its message said it; null before. */
    public byte[] remoteStaticKey() {
        return remoteStatic == null ? null : remoteStatic.clone();
    }

    /** The handshake hash, which both parties share once complete: a channel binding. */
    public byte[] handshakeHash() throws NoiseException {
        requireComplete();
        return symmetric.handshakeHash();
    }

    /** The transport cipher states of a completed handshake. */
    public TransportKeys split() throws NoiseException {
        requireComplete();
        CipherState[] both = symmetric.split();
        return initiator ? new TransportKeys(both[0], both[1]) : new TransportKeys(both[1], both[0]);
    }

    private void requireComplete() throws NoiseException {
        if (!isComplete()) {
            throw new NoiseException(NoiseException.Reason.WRONG_STATE,
                    "the handshake is at message " + (nextMessage + 1) + " of " + pattern.messageCount());
        }
    }

    /** The Diffie-Hellman a token names: ES is the initiator's ephemeral with the responder's static, SE the other way. */
    private byte[] dh(HandshakePattern.Token token, DhKeyPair localEphemeral, byte[] peerEphemeral, byte[] peerStatic)
            throws NoiseException {
        return switch (token) {
            case EE -> localEphemeral.dh(peerEphemeral);
            case ES -> initiator ? localEphemeral.dh(peerStatic) : staticKeys.dh(peerEphemeral);
            case SE -> initiator ? staticKeys.dh(peerEphemeral) : localEphemeral.dh(peerStatic);
            case SS -> staticKeys.dh(peerStatic);
            default -> throw new IllegalArgumentException(token + " is not a Diffie-Hellman token");
        };
    }

    private static byte[] slice(byte[] message, int from, int length) throws NoiseException {
        if (message.length - from < length) {
            throw new NoiseException(NoiseException.Reason.SHORT_MESSAGE,
                    message.length + " bytes end before the " + length + "-byte key at offset " + from);
        }
        return Arrays.copyOfRange(message, from, from + length);
    }

    private String role() {
        return initiator ? "initiator" : "responder";
    }
}
