package org.ptpmesh.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replays the published cacophony vectors of both patterns byte for byte (the resource's README says where they come from). */
class NoiseVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] NO_AD = new byte[0];

    /** The handshake hash as the spec defines it, computed independently (not the file's: see the README). */
    private static final Map<HandshakePattern, String> SPEC_HANDSHAKE_HASH = Map.of(
            HandshakePattern.XX, "1b7aefb1125762aa21a252890d00af54519638b76437444538f9a52f21e2e0dc",
            HandshakePattern.IK, "669c8640d9e42a3cda2f232f78597ceefb01daa6e3df81181ccce6fc6b5026bf");

    static Stream<JsonNode> vectors() throws IOException {
        try (InputStream in = NoiseVectorsTest.class.getResourceAsStream("cacophony-vectors.json")) {
            List<JsonNode> all = new ArrayList<>();
            new ObjectMapper().readTree(in).get("vectors").forEach(all::add);
            return all.stream();
        }
    }

    @Test
    void theResourceHoldsOneVectorOfEachPattern() throws IOException {
        assertThat(vectors().map(v -> v.get("protocol_name").asText()))
                .containsExactlyInAnyOrder(HandshakePattern.XX.protocolName(), HandshakePattern.IK.protocolName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyHandshakeAndTransportMessageIsTheVectorsByteForByte(JsonNode vector) throws NoiseException {
        HandshakePattern pattern = HandshakePattern.valueOf(vector.get("protocol_name").asText().split("_")[1]);
        DhKeyPair responderStatic = DhKeyPair.fromPrivateKey(hex(vector, "resp_static"));
        byte[] knownResponderStatic = vector.has("init_remote_static") ? hex(vector, "init_remote_static") : null;
        if (knownResponderStatic != null) {
            assertThat(responderStatic.publicKey()).isEqualTo(knownResponderStatic);
        }
        DhKeyPair initiatorStatic = DhKeyPair.fromPrivateKey(hex(vector, "init_static"));
        HandshakeState initiator = HandshakeState.initiator(pattern, hex(vector, "init_prologue"), initiatorStatic,
                knownResponderStatic, once(hex(vector, "init_ephemeral")));
        HandshakeState responder = HandshakeState.responder(pattern, hex(vector, "resp_prologue"), responderStatic,
                once(hex(vector, "resp_ephemeral")));

        TransportKeys initiatorKeys = null;
        TransportKeys responderKeys = null;
        int index = 0;
        for (JsonNode message : vector.get("messages")) {
            byte[] payload = HEX.parseHex(message.get("payload").asText());
            byte[] expected = HEX.parseHex(message.get("ciphertext").asText());
            boolean fromInitiator = index % 2 == 0;
            if (!initiator.isComplete()) {
                HandshakeState sender = fromInitiator ? initiator : responder;
                HandshakeState receiver = fromInitiator ? responder : initiator;
                assertThat(sender.writeMessage(payload)).as("message %d", index).isEqualTo(expected);
                assertThat(receiver.readMessage(expected)).as("message %d", index).isEqualTo(payload);
            } else {
                if (initiatorKeys == null) {
                    assertThat(responder.isComplete()).isTrue();
                    assertThat(initiator.handshakeHash()).isEqualTo(HEX.parseHex(SPEC_HANDSHAKE_HASH.get(pattern)));
                    assertThat(responder.handshakeHash()).isEqualTo(initiator.handshakeHash());
                    initiatorKeys = initiator.split();
                    responderKeys = responder.split();
                }
                CipherState sending = fromInitiator ? initiatorKeys.sending() : responderKeys.sending();
                CipherState receiving = fromInitiator ? responderKeys.receiving() : initiatorKeys.receiving();
                assertThat(sending.encryptWithAd(NO_AD, payload)).as("message %d", index).isEqualTo(expected);
                assertThat(receiving.decryptWithAd(NO_AD, expected)).as("message %d", index).isEqualTo(payload);
            }
            index++;
        }
        assertThat(initiatorKeys).as("the vector has transport messages").isNotNull();
        assertThat(initiator.remoteStaticKey()).isEqualTo(responderStatic.publicKey());
        assertThat(responder.remoteStaticKey()).isEqualTo(initiatorStatic.publicKey());
    }

    private static byte[] hex(JsonNode vector, String field) {
        return HEX.parseHex(vector.get(field).asText());
    }

    /** The vector's one ephemeral key; a second call means the handshake drew more keys than the pattern has. */
    private static EphemeralKeySource once(byte[] privateKey) {
        boolean[] used = {false};
        return () -> {
            assertThat(used[0]).as("a second ephemeral key drawn").isFalse();
            used[0] = true;
            return privateKey.clone();
        };
    }
}
