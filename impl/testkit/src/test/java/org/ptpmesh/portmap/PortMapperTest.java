package org.ptpmesh.portmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.portmap.MapperFixture.GATEWAY;
import static org.ptpmesh.portmap.MapperFixture.LAN;
import static org.ptpmesh.portmap.MapperFixture.NONCE;
import static org.ptpmesh.portmap.MapperFixture.PORT;
import static org.ptpmesh.portmap.MapperFixture.WAN;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.testkit.GatewayAnswers;

class PortMapperTest {

    /** What the mapper told its owner, in order. */
    private final List<String> told = new ArrayList<>();
    private final RecordingEffects fx = new RecordingEffects();
    private final PortMapper mapper = MapperFixture.mapper(told);

    @Test
    void aPcpGatewayMapsThePortAndTheMappingIsRenewedAtHalfItsLifetimeAndDeletedAtStop() {
        mapper.start(0, fx);
        RecordingEffects.Sent request = only(fx.drain());
        assertThat(request.localPort()).as("asked from the port to map").isEqualTo(PORT);
        assertThat(request.to()).isEqualTo(new Endpoint(GATEWAY, 5351));
        assertThat(request.payload()[0]).as("PCP first").isEqualTo((byte) 2);

        mapper.onDatagram(GatewayAnswers.pcpMap(0, 600, NONCE, 17, PORT, 50000, WAN), 20, fx);
        assertThat(told).containsExactly("mapped pcp 198.51.100.7:50000 600");
        assertThat(fx.timers).containsEntry(PortMapTimer.RENEW, 20 + 300_000L).doesNotContainKey(PortMapTimer.RETRANSMIT);

        mapper.onTimer(PortMapTimer.RENEW, 300_020, fx);
        byte[] renewal = only(fx.drain()).payload();
        assertThat(ByteBuffer.wrap(renewal).getShort(42) & 0xffff).as("the external port held asked for again").isEqualTo(50000);
        mapper.onDatagram(GatewayAnswers.pcpMap(0, 600, NONCE, 17, PORT, 50000, WAN), 300_030, fx);
        assertThat(told).as("a renewal that changes nothing is not news").hasSize(1);

        mapper.stop(400_000, fx);
        byte[] delete = only(fx.drain()).payload();
        assertThat(ByteBuffer.wrap(delete).getInt(4)).as("lifetime 0 deletes").isZero();
        assertThat(mapper.mapping()).isEmpty();
    }

    @Test
    void aSilentPcpGatewayIsAskedByNatPmpAfterThreeRequests() {
        mapper.start(0, fx);
        long now = 0;
        for (int i = 0; i < 3; i++) {
            assertThat(only(fx.drain()).payload()[0]).isEqualTo((byte) 2);
            now = fx.timers.get(PortMapTimer.RETRANSMIT);
            mapper.onTimer(PortMapTimer.RETRANSMIT, now, fx);
        }
        assertThat(now).as("250 + 500 + 1000 ms").isEqualTo(1_750);
        assertThat(only(fx.drain()).payload()).as("NAT-PMP's address request").containsExactly(0, 0);
        mapper.onDatagram(GatewayAnswers.natPmpAddress(0, WAN), now + 5, fx);
        assertThat(only(fx.drain()).payload()).startsWith(0, 1);
        mapper.onDatagram(GatewayAnswers.natPmpMap(0, PORT, 50001, 7200), now + 10, fx);
        assertThat(told).containsExactly("mapped nat-pmp 198.51.100.7:50001 7200");
    }

    @Test
    void aNatPmpOnlyGatewaysAnswerToPcpMovesToNatPmpAtOnce() {
        mapper.start(0, fx);
        fx.drain();
        mapper.onDatagram(GatewayAnswers.natPmpUnsupportedVersion(), 3, fx);
        assertThat(only(fx.drain()).payload()).containsExactly(0, 0);
    }

    @Test
    void aGatewayThatRefusesBothIsGivenUpOnWithEachReason() {
        mapper.start(0, fx);
        mapper.onDatagram(GatewayAnswers.pcpMap(2, 0, NONCE, 17, PORT, 0, WAN), 1, fx);
        mapper.onDatagram(GatewayAnswers.natPmpAddress(0, WAN), 2, fx);
        mapper.onDatagram(GatewayAnswers.natPmpMap(2, PORT, 0, 0), 3, fx);
        assertThat(told).containsExactly("unavailable pcp: refused, NOT_AUTHORIZED (2); nat-pmp: refused, Not Authorized/Refused (2)");
        fx.drain();
        mapper.onTimer(PortMapTimer.RETRANSMIT, 10_000, fx);
        assertThat(fx.sent).as("nothing more is asked").isEmpty();
    }

    @Test
    void aGatewayThatAnswersNothingIsGivenUpOnAfterSixRequests() {
        mapper.start(0, fx);
        int requests = 0;
        while (fx.timers.containsKey(PortMapTimer.RETRANSMIT) && requests < 100) {
            requests += fx.drain().size();
            mapper.onTimer(PortMapTimer.RETRANSMIT, fx.timers.remove(PortMapTimer.RETRANSMIT), fx);
        }
        assertThat(requests).isEqualTo(6);
        assertThat(told).singleElement().asString().startsWith("unavailable pcp: no answer after 3 requests");
    }

    @Test
    void aMappingNotRenewedBeforeItExpiresIsLostAndAskedForAgain() {
        mapper.start(0, fx);
        mapper.onDatagram(GatewayAnswers.pcpMap(0, 60, NONCE, 17, PORT, 50000, WAN), 0, fx);
        long now = fx.timers.get(PortMapTimer.RENEW);
        mapper.onTimer(PortMapTimer.RENEW, now, fx);
        while (told.size() < 2) {
            now = fx.timers.get(PortMapTimer.RETRANSMIT);
            mapper.onTimer(PortMapTimer.RETRANSMIT, now, fx);
        }
        assertThat(now).as("lost only once expired").isGreaterThanOrEqualTo(60_000);
        assertThat(told.get(1)).isEqualTo("lost not renewed before it expired");
        assertThat(mapper.mapping()).isEmpty();
        assertThat(fx.sent.get(fx.sent.size() - 1).payload()[0]).as("starts over with PCP").isEqualTo((byte) 2);
    }

    @Test
    void answersForAnotherPortOrOutOfTurnAreCountedNotUsed() {
        mapper.start(0, fx);
        mapper.onDatagram(GatewayAnswers.pcpMap(0, 600, NONCE, 17, PORT + 1, 50000, WAN), 1, fx);
        mapper.onDatagram(GatewayAnswers.natPmpAddress(0, WAN), 2, fx);
        mapper.onDatagram(new byte[] {2, 0}, 3, fx);
        assertThat(told).isEmpty();
        assertThat(mapper.malformed()).isEqualTo(2);
        assertThat(mapper.isGateway(new Endpoint(GATEWAY, 5351))).isTrue();
        assertThat(mapper.isGateway(new Endpoint(GATEWAY, 5350))).isFalse();
    }

    /** Whatever a gateway (or someone at its address) sends, in any order with the timers: no exception, at most one request per event. */
    @Property(tries = 300)
    void anyAnswersAndTimersKeepTheMapperBounded(@ForAll("events") List<byte[]> events) {
        RecordingEffects out = new RecordingEffects();
        PortMapper m = new PortMapper(GATEWAY, LAN, PORT, NONCE, new PortMapListener() {
            @Override
            public void mapped(PortMapping mapping, long now) {
            }

            @Override
            public void lost(String why, long now) {
            }

            @Override
            public void unavailable(String why, long now) {
            }
        }, new Tracer("peer", s -> { }));
        m.start(0, out);
        long now = 0;
        for (byte[] event : events) {
            out.drain();
            now += 100;
            if (event.length == 0) {
                m.onTimer(PortMapTimer.RETRANSMIT, now, out);
            } else if (event.length == 1) {
                m.onTimer(PortMapTimer.RENEW, now, out);
            } else {
                m.onDatagram(event, now, out);
            }
            assertThat(out.sent).hasSizeLessThanOrEqualTo(1);
            m.mapping().ifPresent(p -> assertThat(p.internalPort()).isEqualTo(PORT));
        }
    }

    @Provide
    Arbitrary<List<byte[]>> events() {
        Arbitrary<byte[]> answers = Arbitraries.oneOf(
                Arbitraries.just(new byte[0]), Arbitraries.just(new byte[1]),
                Arbitraries.integers().between(0, 3).map(r -> GatewayAnswers.pcpMap(r, 120, NONCE, 17, PORT, 50000, WAN)),
                Arbitraries.just(GatewayAnswers.natPmpUnsupportedVersion()),
                Arbitraries.integers().between(0, 2).map(r -> GatewayAnswers.natPmpAddress(r, WAN)),
                Arbitraries.integers().between(0, 2).map(r -> GatewayAnswers.natPmpMap(r, PORT, 50001, 120)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(2).ofMaxSize(80));
        return answers.list().ofMaxSize(40);
    }

    private static RecordingEffects.Sent only(List<RecordingEffects.Sent> sent) {
        assertThat(sent).hasSize(1);
        return sent.get(0);
    }

}
