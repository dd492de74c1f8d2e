package org.ptpmesh.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ptpmesh.noise.NoiseHandshakePropertiesTest.refusal;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** {@link CounterCipher}: the nonce of each counter, counters in order and never twice, opening in any order. */
class CounterCipherTest {

    private static final byte[] KEY = new byte[NoiseLimits.KEY_LENGTH];
    private static final byte[] AD = {9, 8, 7};

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7);
        }
    }

    @Test
    void eachCounterSealsAsTheCipherStateDoesAtThatNonce() throws NoiseException {
        // CipherState's bytes are checked against the Noise vectors: same nonce, same bytes
        CounterCipher cipher = CounterCipher.withKey(KEY);
        for (long n = 0; n < 4; n++) {
            byte[] plaintext = {(byte) n, 1, 2};
            assertThat(cipher.nextCounter()).isEqualTo(n);
            assertThat(cipher.seal(AD, plaintext)).isEqualTo(new CipherState(KEY, n).encryptWithAd(AD, plaintext));
        }
        assertThat(cipher.nextCounter()).isEqualTo(4);
    }

    @Test
    void sealingIntoABufferWritesWhatSealingToANewArrayReturns() throws NoiseException {
        // the associated data is a prefix of a larger array (a datagram being written), the output a kept buffer
        byte[] datagram = {9, 8, 7, 66, 66, 66};
        byte[] out = new byte[64];
        byte[] plaintext = {1, 2, 3, 4, 5};
        CounterCipher cipher = CounterCipher.withKey(KEY);
        int written = cipher.seal(datagram, AD.length, plaintext, out);
        assertThat(written).isEqualTo(plaintext.length + NoiseLimits.TAG_LENGTH);
        assertThat(cipher.nextCounter()).isEqualTo(1);
        assertThat(java.util.Arrays.copyOf(out, written)).isEqualTo(CounterCipher.withKey(KEY).seal(AD, plaintext));
    }

    @Test
    void openingReadsOnlyTheGivenLengthsOfTheAssociatedDataAndTheCiphertext() throws NoiseException {
        byte[] sealed = CounterCipher.withKey(KEY).seal(AD, new byte[] {4, 2});
        byte[] kept = java.util.Arrays.copyOf(sealed, sealed.length + 10);
        byte[] datagram = {9, 8, 7, 66};
        CounterCipher receiving = CounterCipher.withKey(KEY);
        assertThat(receiving.open(0, datagram, AD.length, kept, sealed.length)).containsExactly(4, 2);
        // one associated byte more is another message
        assertThat(refusal(() -> receiving.open(0, datagram, AD.length + 1, kept, sealed.length)))
                .isEqualTo(NoiseException.Reason.BAD_TAG);
        assertThat(refusal(() -> receiving.open(0, datagram, AD.length, kept, NoiseLimits.TAG_LENGTH - 1)))
                .isEqualTo(NoiseException.Reason.SHORT_MESSAGE);
    }

    @Test
    void theSameMessageSealedTwiceTakesTwoCounters() throws NoiseException {
        CounterCipher cipher = CounterCipher.withKey(KEY);
        byte[] first = cipher.seal(AD, new byte[] {5});
        byte[] second = cipher.seal(AD, new byte[] {5});
        assertThat(second).isNotEqualTo(first);
        assertThat(cipher.open(0, AD, first)).containsExactly(5);
        assertThat(cipher.open(1, AD, second)).containsExactly(5);
    }

    @Test
    void messagesOpenInAnyOrderUnderTheirOwnCounter() throws NoiseException {
        CounterCipher sending = CounterCipher.withKey(KEY);
        byte[][] sealed = new byte[3][];
        for (int i = 0; i < 3; i++) {
            sealed[i] = sending.seal(AD, new byte[] {(byte) i});
        }
        CounterCipher receiving = CounterCipher.withKey(KEY);
        assertThat(receiving.open(2, AD, sealed[2])).containsExactly(2);
        assertThat(receiving.open(0, AD, sealed[0])).containsExactly(0);
        assertThat(receiving.open(1, AD, sealed[1])).containsExactly(1);
        assertThat(refusal(() -> receiving.open(0, AD, sealed[1]))).isEqualTo(NoiseException.Reason.BAD_TAG);
    }

    @Test
    void aCounterBeyond32BitsSealsUnderTheBigEndianNonce() throws Exception {
        // the vectors only reach counter 2; a counter using all eight bytes shows their order
        long counter = 0x0102030405060708L;
        CipherState state = new CipherState(KEY, counter);
        byte[] sealed = state.encryptWithAd(AD, new byte[] {42});
        Cipher reference = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] nonce = {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        reference.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, nonce));
        reference.updateAAD(AD);
        assertThat(reference.doFinal(sealed)).containsExactly(42);
        assertThat(CounterCipher.withKey(KEY).open(counter, AD, sealed)).containsExactly(42);
    }

    @Test
    void aCounterOpensAgainAfterARefusalUnderIt() throws NoiseException {
        // one Cipher serves every message: initialized again under the same key and nonce, it still opens
        CounterCipher sending = CounterCipher.withKey(KEY);
        byte[] sealed = sending.seal(AD, new byte[] {3});
        byte[] forged = sealed.clone();
        forged[0] ^= 1;
        CounterCipher receiving = CounterCipher.withKey(KEY);
        assertThat(refusal(() -> receiving.open(0, AD, forged))).isEqualTo(NoiseException.Reason.BAD_TAG);
        assertThat(receiving.open(0, AD, sealed)).containsExactly(3);
        assertThat(receiving.open(0, AD, sealed)).containsExactly(3);
    }

    @Test
    void theReservedCounterAndATaglessMessageAreRefused() {
        CounterCipher cipher = CounterCipher.withKey(KEY);
        assertThat(refusal(() -> cipher.open(NoiseLimits.RESERVED_NONCE, AD, new byte[NoiseLimits.TAG_LENGTH])))
                .isEqualTo(NoiseException.Reason.NONCE_EXHAUSTED);
        assertThat(refusal(() -> cipher.open(0, AD, new byte[NoiseLimits.TAG_LENGTH - 1])))
                .isEqualTo(NoiseException.Reason.SHORT_MESSAGE);
    }

    @Test
    void aTransportStateGivesItsKeyAndAStateWithoutOneIsRefused() throws NoiseException {
        CounterCipher fromState = CounterCipher.of(new CipherState(KEY, 17));
        assertThat(fromState.key()).isEqualTo(KEY);
        assertThat(fromState.nextCounter()).isZero();
        assertThat(fromState.seal(AD, new byte[] {1})).isEqualTo(CounterCipher.withKey(KEY).seal(AD, new byte[] {1}));
        assertThatThrownBy(() -> CounterCipher.of(new CipherState())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CounterCipher.withKey(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
