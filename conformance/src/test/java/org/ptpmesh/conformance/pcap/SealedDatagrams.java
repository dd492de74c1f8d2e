package org.ptpmesh.conformance.pcap;

import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/** SEALED datagrams as a keyed node sends them (docs/protocol.md 6.9), and the key log lines that open them. */
public final class SealedDatagrams {

    private SealedDatagrams() {
    }

    /** {@code inner} sealed by {@code sender} with {@code key} to the addressee's session {@code peerSession}, as message {@code counter}. */
    public static byte[] seal(byte[] key, byte[] sender, long peerSession, long counter, byte[] inner) throws Exception {
        Message.Builder header = Message.of(MessageKind.SEALED, sender).uint(TlvTypes.PEERSESSION, peerSession)
                .uint(TlvTypes.COUNTER, counter);
        byte[] plainHeader = Codec.encode(header.build());
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), SealedOpening.nonce(counter));
        // the associated data is the header without its checksum: every byte before the first SEALED TLV
        cipher.updateAAD(Arrays.copyOf(plainHeader, plainHeader.length - 2));
        return Codec.encode(header.fragments(TlvTypes.SEALED, cipher.doFinal(inner)).build());
    }

    /** The key log line of that key. */
    public static String keyLogLine(byte[] sender, long peerSession, byte[] key) {
        return SealKeys.LABEL + " " + HexFormat.of().formatHex(sender) + " " + String.format("%08x", peerSession) + " "
                + HexFormat.of().formatHex(key);
    }
}
