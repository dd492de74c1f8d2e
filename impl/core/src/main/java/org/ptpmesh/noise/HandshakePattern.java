package org.ptpmesh.noise;

import java.util.List;

/**
 * The two interactive Noise handshake patterns ptpmesh speaks, each as
 * {@code Noise_<pattern>_25519_ChaChaPoly_SHA256}.
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
        return "Noise_" + name() + "_25519_ChaChaPoly_SHA256";
    }

    /** Whether the pattern's pre-message gives the initiator the responder's static key ({@code <- s}). */
    public boolean responderStaticKnown() {
        return responderStaticKnown;
    }

    int messageCount() {
        return messages.size();
    }

    List<Token> message(int index) {
        return messages.get(index);
    }
}
