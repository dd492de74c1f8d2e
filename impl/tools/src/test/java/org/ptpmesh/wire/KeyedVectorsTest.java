package org.ptpmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.noise.HandshakePattern;

/**
 * The keyed vectors of docs/protocol.md section 10 are what they say: the handshake vectors are
 * the datagrams of a real Noise run with the keys the document states, and the SEALED vector
 * opens with its key to its plaintext.
 */
class KeyedVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void everyHandshakeVectorIsTheDatagramOfItsMessageInTheFixedKeyRun() throws Exception {
        List<Map<String, String>> handshakes = ProtocolDocumentTest.blocks("ptpmesh-vector").stream()
                .filter(v -> v.containsKey("noise")).toList();
        assertThat(handshakes).extracting(v -> v.get("noise")).containsExactly("IK 1", "IK 2", "XX 1", "XX 2", "XX 3");
        for (Map<String, String> v : handshakes) {
            String[] run = v.get("noise").split(" ");
            Message made = KeyedVectors.datagram(HandshakePattern.valueOf(run[0]), Integer.parseInt(run[1]));
            assertThat(v.get("hex")).as(v.get("noise")).isEqualTo(KeyedVectors.hex(Codec.encode(made)));
        }
    }

    @Test
    void theDocumentStatesTheKeysOfTheRun() throws IOException {
        String doc = Files.readString(ProtocolDocumentTest.DOC);
        assertThat(doc).contains("| initiator | 32 bytes `11` | `" + publicKey(KeyedVectors.INITIATOR_STATIC) + "` | `"
                        + KeyedVectors.hex(KeyedVectors.initiatorId()) + "` | 32 bytes `12` | " + KeyedVectors.INITIATOR_SESSION)
                .contains("| responder | 32 bytes `21` | `" + publicKey(KeyedVectors.RESPONDER_STATIC) + "` | `"
                        + KeyedVectors.hex(KeyedVectors.responderId()) + "` | 32 bytes `22` | " + KeyedVectors.RESPONDER_SESSION)
                .contains("carries " + KeyedVectors.XX_PADDING + " bytes of `PADDING`");
    }

    /** No amplification (docs/protocol.md 6.9): each init is at least as large as the answer it gets. */
    @Test
    void eachInitIsAsLargeAsItsAnswer() throws Exception {
        for (HandshakePattern pattern : HandshakePattern.values()) {
            assertThat(Codec.encode(KeyedVectors.datagram(pattern, 1)).length).as(pattern.name())
                    .isGreaterThanOrEqualTo(Codec.encode(KeyedVectors.datagram(pattern, 2)).length);
        }
        int xxInit = Codec.encode(KeyedVectors.datagram(HandshakePattern.XX, 1)).length;
        assertThat(xxInit - 1).as("one byte less of padding is too small")
                .isLessThan(Codec.encode(KeyedVectors.datagram(HandshakePattern.XX, 2)).length);
    }

    /** docs/protocol.md 6.9: what a SEALED datagram adds, and so the largest datagram it can seal. */
    @Test
    void aSealedDatagramHoldsAnInnerDatagramOfAtMost1332Bytes() throws IOException {
        for (int n : new int[] {3, 237, 238, 1000, 1332}) {
            int expected = 56 + n + 2 * ((n + 16 + TlvTypes.MAX_VALUE_LENGTH - 1) / TlvTypes.MAX_VALUE_LENGTH);
            assertThat(Codec.encode(sealing(n)).length).as("%d bytes sealed", n).isEqualTo(expected);
        }
        assertThat(Codec.encode(sealing(1332)).length).isEqualTo(Datagram.MAX_SIZE);
        assertThatThrownBy(() -> Codec.encode(sealing(1333))).isInstanceOf(EncodeException.class);
        assertThat(Files.readString(ProtocolDocumentTest.DOC)).contains("so it holds at most 1,332 bytes");
    }

    /** A SEALED datagram, default widths, around an inner datagram of {@code n} bytes. */
    private static Message sealing(int n) {
        return Message.of(MessageKind.SEALED, new byte[16]).uint(TlvTypes.PEERSESSION, 1).uint(TlvTypes.COUNTER, 1)
                .fragments(TlvTypes.SEALED, new byte[n + 16]).build();
    }

    @Test
    void theSealedVectorOpensWithItsKeyToItsPlaintext() throws Exception {
        Map<String, String> v = ProtocolDocumentTest.blocks("ptpmesh-vector").stream()
                .filter(b -> b.get("kind").equals("SEALED")).findFirst().orElseThrow();
        byte[] datagram = HEX.parseHex(v.get("hex"));
        Message sealed = ((DecodeResult.Decoded) Codec.decode(datagram)).message();
        long counter = sealed.uint(TlvTypes.COUNTER).orElseThrow();
        byte[] nonce = ByteBuffer.allocate(12).putInt(0).putLong(counter).array();
        assertThat(KeyedVectors.hex(nonce)).isEqualTo(v.get("nonce"));

        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(HEX.parseHex(v.get("key")), "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(Arrays.copyOf(datagram, firstSealedOffset(datagram)));
        byte[] opened = cipher.doFinal(sealed.concatenated(TlvTypes.SEALED));

        assertThat(KeyedVectors.hex(opened)).isEqualTo(v.get("plaintext"));
        DecodeResult.Decoded inner = (DecodeResult.Decoded) Codec.decode(opened);
        assertThat(inner.violations()).isEmpty();
        assertThat(inner.message().bytes(TlvTypes.UUID).orElseThrow()).isEqualTo(sealed.bytes(TlvTypes.UUID).orElseThrow());
    }

    private static int firstSealedOffset(byte[] datagram) {
        DatagramView view = new DatagramView();
        assertThat(view.wrap(datagram, 0, datagram.length)).isNull();
        return view.valueOffset(view.indexOf(TlvTypes.SEALED)) - 2;
    }

    private static String publicKey(byte[] privateKey) {
        return KeyedVectors.hex(DhKeyPair.fromPrivateKey(privateKey).publicKey());
    }
}
