package org.ptpmesh.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.secure.Parties.SERVER;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ptpmesh.noise.HandshakePattern;
import org.ptpmesh.noise.NoiseException;
import org.ptpmesh.wire.Endpoint;

/**
 * No amplification (docs/protocol.md 6.9): whatever a HANDSHAKE_INIT holds (either pattern or
 * another code, a valid Noise message or random bytes of any length, any padding, an id of its
 * key or not), every datagram a node sends in answer is no larger than the init.
 */
class SecureNodeProperties {

    private static final Endpoint STRANGER = Endpoint.of("203.0.113.5", 40000);

    @Property(tries = 300)
    void everyAnswerToAnInitIsNoLargerThanTheInit(@ForAll long seed, @ForAll @IntRange(max = 2) int pattern,
                                                  @ForAll boolean validNoise, @ForAll @IntRange(max = 300) int noiseLength,
                                                  @ForAll @IntRange(max = 400) int padding, @ForAll boolean idOfKey)
            throws NoiseException {
        Parties p = new Parties(seed).start();
        byte[] init;
        if (validNoise && pattern < 2) {
            byte[] valid = SecureNodeTest.validInit(p, pattern == SecureDatagrams.PATTERN_IK ? HandshakePattern.IK : HandshakePattern.XX);
            var v = SecureNodeTest.view(valid);
            byte[] id = idOfKey ? v.value(v.indexOf(org.ptpmesh.wire.TlvTypes.UUID)) : p.identity().peerId().bytes();
            init = SecureNodeTest.init(id, pattern, SecureDatagrams.joined(v, org.ptpmesh.wire.TlvTypes.NOISE), padding);
        } else {
            init = SecureNodeTest.init(p.identity().peerId().bytes(), pattern, p.bytes(noiseLength), padding);
        }
        int before = p.net.sent.size();

        p.net.inject(STRANGER, SERVER, init);

        List<TestNet.Sent> answers = p.net.sent.subList(before, p.net.sent.size());
        assertThat(answers).allSatisfy(a -> assertThat(a.data().length).isLessThanOrEqualTo(init.length));
        assertThat(answers).hasSizeLessThanOrEqualTo(1);
    }
}
