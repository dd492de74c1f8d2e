package org.ptpmesh.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.noise.NoiseHandshakePropertiesTest.refusal;

import org.junit.jupiter.api.Test;

/** {@link CipherState}'s limits; the vectors check its bytes. */
class NoiseCipherStateTest {

    private static final byte[] KEY = new byte[NoiseLimits.KEY_LENGTH];
    private static final byte[] AD = {1, 2, 3};

    @Test
    void theLastNonceBeforeTheReservedOneSealsAndThenTheKeyIsSpent() throws NoiseException {
        CipherState sending = new CipherState(KEY, NoiseLimits.RESERVED_NONCE - 1);
        CipherState receiving = new CipherState(KEY, NoiseLimits.RESERVED_NONCE - 1);
        byte[] sealed = sending.encryptWithAd(AD, new byte[] {42});
        assertThat(receiving.decryptWithAd(AD, sealed)).containsExactly(42);
        assertThat(sending.nonce()).isEqualTo(NoiseLimits.RESERVED_NONCE);

        assertThat(refusal(() -> sending.encryptWithAd(AD, new byte[] {43}))).isEqualTo(NoiseException.Reason.NONCE_EXHAUSTED);
        assertThat(refusal(() -> receiving.decryptWithAd(AD, sealed))).isEqualTo(NoiseException.Reason.NONCE_EXHAUSTED);
        assertThat(sending.nonce()).isEqualTo(NoiseLimits.RESERVED_NONCE);
    }

    @Test
    void aRefusedMessageLeavesTheNonceSoTheGenuineOneStillOpens() throws NoiseException {
        CipherState sending = new CipherState(KEY, 0);
        CipherState receiving = new CipherState(KEY, 0);
        byte[] sealed = sending.encryptWithAd(AD, "hello".getBytes());
        byte[] forged = sealed.clone();
        forged[0] ^= 1;

        assertThat(refusal(() -> receiving.decryptWithAd(AD, forged))).isEqualTo(NoiseException.Reason.BAD_TAG);
        assertThat(refusal(() -> receiving.decryptWithAd(new byte[0], sealed))).isEqualTo(NoiseException.Reason.BAD_TAG);
        assertThat(receiving.nonce()).isZero();
        assertThat(receiving.decryptWithAd(AD, sealed)).isEqualTo("hello".getBytes());
        assertThat(receiving.nonce()).isEqualTo(1);
    }

    @Test
    void aMessageShorterThanATagIsShort() {
        CipherState receiving = new CipherState(KEY, 0);
        assertThat(refusal(() -> receiving.decryptWithAd(AD, new byte[NoiseLimits.TAG_LENGTH - 1]))).isEqualTo(NoiseException.Reason.SHORT_MESSAGE);
    }

    @Test
    void sealedMessagesStopAtTheSpecsMaximum() throws NoiseException {
        CipherState sending = new CipherState(KEY, 0);
        int largest = NoiseLimits.MAX_MESSAGE_LENGTH - NoiseLimits.TAG_LENGTH;
        assertThat(sending.encryptWithAd(AD, new byte[largest])).hasSize(NoiseLimits.MAX_MESSAGE_LENGTH);
        assertThat(refusal(() -> sending.encryptWithAd(AD, new byte[largest + 1]))).isEqualTo(NoiseException.Reason.MESSAGE_TOO_LONG);
        assertThat(refusal(() -> new CipherState(KEY, 0).decryptWithAd(AD, new byte[NoiseLimits.MAX_MESSAGE_LENGTH + 1])))
                .isEqualTo(NoiseException.Reason.MESSAGE_TOO_LONG);
    }
}
