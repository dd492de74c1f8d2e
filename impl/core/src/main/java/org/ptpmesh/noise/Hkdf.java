package org.ptpmesh.noise;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise spec's HKDF (section 4.3) over HMAC-SHA256, with the two outputs MixKey and Split
 * take (the third is for pre-shared keys, which ptpmesh does not use).
 */
final class Hkdf {

    private Hkdf() {
    }

    static byte[][] twoOutputs(byte[] chainingKey, byte[] inputKeyMaterial) {
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[] first = hmac(tempKey, new byte[] {1});
        byte[] firstAndTwo = new byte[first.length + 1];
        System.arraycopy(first, 0, firstAndTwo, 0, first.length);
        firstAndTwo[first.length] = 2;
        return new byte[][] {first, hmac(tempKey, firstAndTwo)};
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime lacks HmacSHA256", e);
        }
    }
}
