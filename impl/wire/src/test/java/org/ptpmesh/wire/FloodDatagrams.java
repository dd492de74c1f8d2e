package org.ptpmesh.wire;

import java.util.Random;

/** What flood tests throw at a server: random bytes, and valid datagrams broken the codec tests' ways. */
public final class FloodDatagrams {

    private FloodDatagrams() {
    }

    /** Random bytes, a valid version byte at the front of half of them. */
    public static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(1500)];
        random.nextBytes(b);
        if (b.length > 0 && random.nextBoolean()) {
            b[0] = 1;
        }
        return b;
    }

    /** The codec tests' mutations of {@code template}; half of them re-checksummed so they get past the checksum. */
    public static byte[] mutated(byte[] template, Random random) {
        byte[] d = RawDatagrams.mutate(template, random);
        if (d.length >= 3 && random.nextBoolean()) {
            int sum = Checksum.compute(d, 0, d.length - 2);
            d[d.length - 2] = (byte) (sum >>> 8);
            d[d.length - 1] = (byte) sum;
        }
        return d;
    }
}
