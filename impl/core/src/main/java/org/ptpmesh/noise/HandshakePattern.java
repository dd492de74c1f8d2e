package org.ptpmesh.noise;

import java.util.List;

/**
 * The two interactive Noise handshake patterns ptpmesh speaks, each as
 * {@code Noise_<pattern>_25519_AESGCM_SHA256}.
 *
 * <p>XX: neither side knows the other's static key; three messages, each static key sent sealed.
 * IK: the initiator knows the responder's static key beforehand (an introducer's pinned key);
 * two messages, and the first already carries a sealed payload.
 */
public enum HandshakePattern {

    XX(false, List.of(
            List.of(Token.E),
            List.of(Token.E, Token.EE, Token.S, Token.ES),
            List.of(Token.S, Token.SE))),

    IK(true, List.of(
            List.of(Token.E, Token.ES, Token.S, Token.SS),
            List.of(Token.E, Token.EE, Token.SE)));

    /** The spec's message tokens. */
    enum Token { E, S, EE, ES, SE, SS }

    private final boolean responderStaticKnown;
    private final List<List<Token>> messages;

    HandshakePattern(boolean responderStaticKnown, List<List<Token>> messages) {
        this.responderStaticKnown = responderStaticKnown;
        this.messages = messages;
    }

    public String protocolName() {
        return "Noise_" + name() + "_25519_AESGCM_SHA256";
    }

    /** Whether the pattern's pre-message gives the initiator the responder's static key ({@code <- s}). */
    public boolean responderStaticKnown() {
        return responderStaticKnown;
    }

    /**
     * The length of message {@code index} (from 0) with an empty payload: 32 bytes a key, 16 more
     * for each static key and payload sent once the handshake has a key (after its first DH).
     */
    public int messageLength(int index) {
        boolean keyed = false;
        int length = 0;
        for (int m = 0; m <= index; m++) {
            length = 0;
            for (Token token : messages.get(m)) {
                switch (token) {
                    case E -> length += NoiseLimits.DH_LENGTH;
                    case S -> length += NoiseLimits.DH_LENGTH + (keyed ? NoiseLimits.TAG_LENGTH : 0);
                    default -> keyed = true;
                }
            }
            length += keyed ? NoiseLimits.TAG_LENGTH : 0;
        }
        return length;
    }

    int messageCount() {
        return messages.size();
    }

    List<Token> message(int index) {
        return messages.get(index);
    }
}
