package org.ptpmesh.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.noise.NoiseHandshakePropertiesTest.refusal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Sealing then opening gives the message back; any one bit changed, in the message or what it authenticates, fails. */
class CounterCipherProperties {

    @Property(tries = 300)
    void sealThenOpenGivesTheMessageBack(@ForAll @Size(NoiseLimits.KEY_LENGTH) byte[] key, @ForAll @Size(max = 1400) byte[] plaintext,
                                         @ForAll @Size(max = 64) byte[] ad, @ForAll @IntRange(max = 5) int earlier)
            throws NoiseException {
        CounterCipher sending = CounterCipher.withKey(key);
        for (int i = 0; i < earlier; i++) {
            sending.seal(ad, plaintext);
        }
        long counter = sending.nextCounter();
        byte[] sealed = sending.seal(ad, plaintext);
        assertThat(sealed).hasSize(plaintext.length + NoiseLimits.TAG_LENGTH);
        assertThat(CounterCipher.withKey(key).open(counter, ad, sealed)).isEqualTo(plaintext);
    }

    @Property(tries = 300)
    void anyOneBitChangedFailsToOpen(@ForAll @Size(NoiseLimits.KEY_LENGTH) byte[] key, @ForAll @Size(max = 1400) byte[] plaintext,
                                     @ForAll @Size(min = 1, max = 64) byte[] ad, @ForAll int where, @ForAll @IntRange(max = 7) int bit,
                                     @ForAll boolean inAssociatedData) throws NoiseException {
        CounterCipher sending = CounterCipher.withKey(key);
        byte[] sealed = sending.seal(ad, plaintext);
        byte[] changed = inAssociatedData ? ad.clone() : sealed.clone();
        changed[Math.floorMod(where, changed.length)] ^= (byte) (1 << bit);
        CounterCipher receiving = CounterCipher.withKey(key);
        assertThat(refusal(() -> receiving.open(0, inAssociatedData ? changed : ad, inAssociatedData ? sealed : changed)))
                .isEqualTo(NoiseException.Reason.BAD_TAG);
    }

    @Property(tries = 100)
    void anotherCounterFailsToOpen(@ForAll @Size(NoiseLimits.KEY_LENGTH) byte[] key, @ForAll @Size(max = 200) byte[] plaintext,
                                   @ForAll long other) throws NoiseException {
        byte[] sealed = CounterCipher.withKey(key).seal(new byte[0], plaintext);
        long counter = other == 0 || other == NoiseLimits.RESERVED_NONCE ? 1 : other;
        assertThat(refusal(() -> CounterCipher.withKey(key).open(counter, new byte[0], sealed))).isEqualTo(NoiseException.Reason.BAD_TAG);
    }
}
