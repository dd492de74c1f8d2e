package org.ptpmesh.secure;

import org.ptpmesh.wire.Endpoint;

/**
 * What a client knows of its introducers' keys (docs/protocol.md 6.9): a key pinned on the
 * command line or recorded at first contact makes the handshake IK with that key; with none,
 * the client runs XX and the key the introducer revealed is offered here, to be recorded (trust
 * on first use) or refused. The driver implements it over a file; the core only asks.
 */
public interface IntroducerTrust {

    /** The key expected at {@code introducer}, or null when none is pinned or known yet. */
    byte[] expectedKey(Endpoint introducer);

    /**
     * An XX handshake with {@code introducer} revealed {@code key}, and no key was expected.
     * Returns true to go on (the key is now known), false to refuse the introducer.
     */
    boolean firstUse(Endpoint introducer, byte[] key);

    /** Expects {@code key} at {@code at} (an IK handshake there) and refuses any other key revealed there. */
    static IntroducerTrust pinned(Endpoint at, byte[] key) {
        byte[] expected = key.clone();
        return new IntroducerTrust() {
            @Override
            public byte[] expectedKey(Endpoint introducer) {
                return introducer.equals(at) ? expected.clone() : null;
            }

            @Override
            public boolean firstUse(Endpoint introducer, byte[] revealed) {
                return java.util.Arrays.equals(revealed, expected);
            }
        };
    }

    /** Trusts no introducer's key in advance and accepts every first use (a client without a trust store). */
    IntroducerTrust FIRST_USE_ONLY = new IntroducerTrust() {
        @Override
        public byte[] expectedKey(Endpoint introducer) {
            return null;
        }

        @Override
        public boolean firstUse(Endpoint introducer, byte[] key) {
            return true;
        }
    };
}
