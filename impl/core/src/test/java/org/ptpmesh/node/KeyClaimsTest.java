package org.ptpmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ptpmesh.secure.KeyedPeerId;

/** The decision a registration's key makes about a message naming it, case by case (docs/protocol.md 6.9). */
class KeyClaimsTest {

    private static final byte[] KEY = filled(1);
    private static final byte[] OTHER_KEY = filled(2);
    private static final byte[] ID = KeyedPeerId.of(KEY).bytes();
    private static final byte[] LEGACY_ID = filled16(9);

    private static byte[] filled(int b) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) b);
        return key;
    }

    private static byte[] filled16(int b) {
        return Arrays.copyOf(filled(b), 16);
    }

    @Test
    void plainMessagesActOnLegacyOrUnknownIdsOnly() {
        assertThat(KeyClaims.refusal(LEGACY_ID, null, null)).isNull();
        assertThat(KeyClaims.refusal(ID, null, KEY)).isEqualTo(KeyClaims.Refusal.KEYED_ID_CLAIMED_PLAIN);
    }

    @Test
    void aSealedMessageActsOnlyForTheIdOfItsKey() {
        assertThat(KeyClaims.refusal(ID, KEY, null)).as("a new or legacy registration, now keyed").isNull();
        assertThat(KeyClaims.refusal(ID, KEY, KEY)).as("its own registration").isNull();
        assertThat(KeyClaims.refusal(LEGACY_ID, KEY, null)).isEqualTo(KeyClaims.Refusal.ID_NOT_OF_KEY);
        assertThat(KeyClaims.refusal(ID, OTHER_KEY, KEY)).as("another key's id is not this one").isEqualTo(KeyClaims.Refusal.ID_NOT_OF_KEY);
    }

    @Test
    void aTwinKeyOfABoundIdIsRefusedAndTheFirstBindingStands() {
        // a real twin is a SHA-256 collision; the bound key is played by another key here
        byte[] otherId = KeyedPeerId.of(OTHER_KEY).bytes();
        assertThat(KeyClaims.refusal(otherId, OTHER_KEY, KEY)).isEqualTo(KeyClaims.Refusal.OTHER_KEY_FOR_ID);
    }
}
