package org.ptpmesh.conformance.dissector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The dissector's AES-256-GCM in Lua (ptpmesh_aesgcm.lua), run by tshark's Lua through
 * conformance/src/test/lua/aesgcm_check.lua: FIPS-197's AES-256 example, the GCM spec's AES-256
 * test cases 13 to 16 (McGrew and Viega, as NIST's GCM validation uses them), and what Java's
 * AES/GCM seals for random keys, nonces, associated data and plaintexts of every length a
 * datagram can have. Each opening must give the plaintext, and fail with one bit flipped.
 */
class AesGcmLuaTest extends WithTshark {

    private static final String[] STANDARD = {
        "block 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 00112233445566778899aabbccddeeff"
                + " 8ea2b7ca516745bfeafc49904b496089",
        "gcm gcm-13 0000000000000000000000000000000000000000000000000000000000000000 000000000000000000000000 - - -"
                + " 530f8afbc74536b9a963b4f1c4cb738b",
        "gcm gcm-14 0000000000000000000000000000000000000000000000000000000000000000 000000000000000000000000 -"
                + " 00000000000000000000000000000000 cea7403d4d606b6e074ec5d3baf39d18 d0d1c8a799996bf0265b98b5d48ab919",
        "gcm gcm-15 feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308 cafebabefacedbaddecaf888 -"
                + " d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
                + "b16aedf5aa0de657ba637b391aafd255"
                + " 522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
                + "c5f61e6393ba7a0abcc9f662898015ad b094dac5d93471bdec1a502270e3cc6c",
        "gcm gcm-16 feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308 cafebabefacedbaddecaf888"
                + " feedfacedeadbeeffeedfacedeadbeefabaddad2"
                + " d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
                + "b16aedf5aa0de657ba637b39"
                + " 522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
                + "c5f61e6393ba7a0abcc9f662 76fc6ece0f4e1768cddf8853bb2d551b",
    };
    private static final int RANDOM_CASES = 60;
    private static final int MAX_DATAGRAM = 1400;

    @Test
    void theStandardVectorsOpen() throws Exception {
        List<String> results = check(List.of(STANDARD));
        assertThat(results).containsExactly("ok block 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                "ok gcm-13", "ok gcm-14", "ok gcm-15", "ok gcm-16");
    }

    @Test
    void whatJavaSealsOpens() throws Exception {
        Random random = new Random(19);
        List<String> vectors = new ArrayList<>();
        for (int i = 0; i < RANDOM_CASES; i++) {
            // lengths on and around block boundaries, then anywhere up to a whole datagram
            int length = i < 34 ? i : random.nextInt(MAX_DATAGRAM + 1);
            long counter = i % 3 == 0 ? random.nextLong() : random.nextInt(1 << 16);
            vectors.add(sealedByJava("java-" + i, bytes(random, 32), counter, bytes(random, random.nextInt(80)),
                    bytes(random, length)));
        }
        List<String> results = check(vectors);
        assertThat(results).hasSize(RANDOM_CASES).allMatch(r -> r.startsWith("ok "));
    }

    /** The check can fail: a vector whose ciphertext is not the key's is reported. */
    @Test
    void aWrongVectorIsReported() throws Exception {
        String wrong = STANDARD[2].replace("cea7403d", "cea7403e");
        List<String> results = check(List.of(wrong));
        assertThat(results).hasSize(1);
        assertThat(results.get(0)).startsWith("FAIL gcm-14: opened nil");
    }

    /** The line aesgcm_check.lua reads for {@code plaintext} sealed by Java's AES/GCM under Noise's AESGCM nonce. */
    private static String sealedByJava(String name, byte[] key, long counter, byte[] aad, byte[] plaintext) throws Exception {
        byte[] nonce = ByteBuffer.allocate(12).putInt(0).putLong(counter).array();
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad);
        byte[] sealed = cipher.doFinal(plaintext);
        int tag = sealed.length - 16;
        return String.join(" ", "gcm", name, hex(key), hex(nonce), hex(aad), hex(plaintext),
                hex(Arrays.copyOf(sealed, tag)), hex(Arrays.copyOfRange(sealed, tag, sealed.length)));
    }

    private static List<String> check(List<String> vectors) throws Exception {
        Path file = Files.createTempFile(home, "vectors", ".txt");
        Files.write(file, vectors);
        Path anyCapture = LuaDissector.repo().resolve("pcap-fixtures/valid/ptptest-2014-session.pcap");
        Path script = LuaDissector.repo().resolve("conformance/src/test/lua/aesgcm_check.lua");
        return Tshark.run(home, List.of("tshark", "-n", "-r", anyCapture.toString(), "-c", "1", "-q",
                "-X", "lua_script:" + script), Map.of("PTPMESH_AESGCM_VECTORS", file.toString()));
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String hex(byte[] b) {
        return b.length == 0 ? "-" : HexFormat.of().formatHex(b);
    }
}
