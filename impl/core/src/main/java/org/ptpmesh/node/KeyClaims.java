package org.ptpmesh.node;

import java.util.Arrays;
import org.ptpmesh.secure.KeyedPeerId;

/**
 * What a key decides about a message that names a registration (docs/protocol.md 6.9, "What a
 * key decides"), for the nodes that keep registrations: the rendezvous server and the
 * introducer. A registration made in a sealed session is bound to that session's key (keyed);
 * one made plain is legacy.
 *
 * <p>A key cannot be rotated under a live binding: an id is the hash of its key, so a new key is
 * a new id and makes a registration of its own, while the old one lives until it is silent past
 * its window or says SHUTDOWN in its own session. Two keys with one id are not a rotation but a
 * hash collision someone paid for: the key bound first keeps the id ({@link Refusal#OTHER_KEY_FOR_ID}),
 * since letting the second in would hand a live registration to whoever found the twin.
 */
public final class KeyClaims {

    /** Why a message naming a registration was refused by the key rules. */
    public enum Refusal implements DropReason {
        /** A sealed message whose UUID is not the id of the key its session proved. */
        ID_NOT_OF_KEY("id_not_of_key"),
        /** A plain message naming an id whose registration is bound to a key. */
        KEYED_ID_CLAIMED_PLAIN("keyed_id_claimed_plain"),
        /** A sealed message naming a keyed id with another key than the one bound (a twin key). */
        OTHER_KEY_FOR_ID("other_key_for_id");

        private final String label;

        Refusal(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    private KeyClaims() {
    }

    /**
     * Null when a message naming {@code claimedId} may act on its registration, else why not.
     *
     * @param claimedId        the 16-byte id the message names (its UUID)
     * @param authenticatedKey the key its session proved ({@link DecodedDatagram#authenticatedKey}), null when plain
     * @param boundKey         the key the registration of {@code claimedId} is bound to, null when there is
     *                         none or it is legacy
     */
    public static Refusal refusal(byte[] claimedId, byte[] authenticatedKey, byte[] boundKey) {
        if (authenticatedKey == null) {
            return boundKey == null ? null : Refusal.KEYED_ID_CLAIMED_PLAIN;
        }
        // the bound key was checked against this id when it was bound: the same key needs no hash
        if (boundKey != null && Arrays.equals(boundKey, authenticatedKey)) {
            return null;
        }
        if (!Arrays.equals(KeyedPeerId.of(authenticatedKey).bytes(), claimedId)) {
            return Refusal.ID_NOT_OF_KEY;
        }
        return boundKey == null ? null : Refusal.OTHER_KEY_FOR_ID;
    }
}
