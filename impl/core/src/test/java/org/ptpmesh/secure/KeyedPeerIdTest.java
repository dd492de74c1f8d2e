package org.ptpmesh.secure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.PeerId;

class KeyedPeerIdTest {

    @Test
    void anIdIsTheFirst16BytesOfSha256OverTheLabelAndTheKey() {
        // computed apart from ptpmesh: python3 -c "import hashlib; print(hashlib.sha256(b'ptpmesh peer id v1'
        //   + bytes.fromhex('31e0303f...8f62')).hexdigest()[:32])"
        byte[] publicKey = HexFormat.of().parseHex("31e0303fd6418d2f8c0e78b91f22e8caed0fbe48656dcf4767e4834f701b8f62");
        assertThat(KeyedPeerId.of(publicKey)).isEqualTo(PeerId.fromHex("588ea43967d133be5a7775253bf7bb19"));
    }

    @Test
    void anotherKeyGivesAnotherId() {
        byte[] key = new byte[32];
        PeerId zero = KeyedPeerId.of(key);
        key[31] = 1;
        assertThat(KeyedPeerId.of(key)).isNotEqualTo(zero);
    }
}
