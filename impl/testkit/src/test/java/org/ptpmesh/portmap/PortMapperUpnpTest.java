package org.ptpmesh.portmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.portmap.MapperFixture.NONCE;
import static org.ptpmesh.portmap.MapperFixture.PORT;
import static org.ptpmesh.portmap.MapperFixture.WAN;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.GatewayAnswers;
import org.ptpmesh.testkit.RecordingEffects;

/** The third protocol: after PCP and NAT-PMP got nothing, the driver is asked for UPnP and its outcomes are kept. */
class PortMapperUpnpTest {

    private final List<String> told = new ArrayList<>();
    private final RecordingEffects fx = new RecordingEffects();
    private final PortMapper mapper = MapperFixture.mapper(told);

    @Test
    void aDriverThatSpeaksUpnpIsAskedOnceBothUdpProtocolsGotNothingAndItsMappingIsKeptThenDeletedByIt() {
        fx.speaksUpnp = true;
        refusedByPcpAndNatPmp();
        assertThat(fx.upnpMaps).containsExactly(PORT);
        assertThat(told).as("not given up while UPnP is tried").isEmpty();
        assertThat(fx.timers).as("the driver's deadline").containsEntry(PortMapTimer.RETRANSMIT, 3 + PortMapDefaults.UPNP_WAIT_MILLIS);

        mapper.onUpnp(new UpnpOutcome.Mapped(WAN, 40001, PORT, 3600), 10, fx);
        assertThat(told).containsExactly("mapped upnp 198.51.100.7:40001 3600");
        assertThat(fx.timers).as("answered in time").doesNotContainKey(PortMapTimer.RETRANSMIT);
        assertThat(fx.timers).as("the driver renews a UPnP lease").doesNotContainKey(PortMapTimer.RENEW);
        mapper.onUpnp(new UpnpOutcome.Mapped(WAN, 40001, PORT, 3600), 1_800_010, fx);
        assertThat(told).as("a renewal that changes nothing is not news").hasSize(1);

        fx.drain();
        mapper.stop(2_000_000, fx);
        assertThat(fx.upnpUnmaps).containsExactly(PORT);
        assertThat(fx.sent).as("nothing to port 5351 for a UPnP mapping").isEmpty();
        assertThat(mapper.mapping()).isEmpty();
    }

    @Test
    void aPermanentUpnpLeaseIsAMappingThatNeverExpires() {
        fx.speaksUpnp = true;
        refusedByPcpAndNatPmp();
        mapper.onUpnp(new UpnpOutcome.Mapped(WAN, PORT, PORT, 0), 10, fx);
        assertThat(told).containsExactly("mapped upnp 198.51.100.7:40000 0");
        assertThat(mapper.mapping().orElseThrow().expiresAt()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void upnpUnavailableGivesUpWithEveryProtocolsReason() {
        fx.speaksUpnp = true;
        refusedByPcpAndNatPmp();
        mapper.onUpnp(new UpnpOutcome.Unavailable(PORT, "no IGD answered the search"), 10, fx);
        assertThat(told).singleElement().asString()
                .startsWith("unavailable pcp: refused").contains("; nat-pmp: refused").endsWith("; upnp: no IGD answered the search");
        mapper.stop(20, fx);
        assertThat(fx.upnpUnmaps).as("nothing was mapped, nothing is deleted").isEmpty();
    }

    @Test
    void aLostUpnpMappingStartsOverFromPcp() {
        fx.speaksUpnp = true;
        refusedByPcpAndNatPmp();
        mapper.onUpnp(new UpnpOutcome.Mapped(WAN, 40001, PORT, 3600), 10, fx);
        fx.drain();
        mapper.onUpnp(new UpnpOutcome.Lost(PORT, "renewal refused (501)"), 20, fx);
        assertThat(told).containsExactly("mapped upnp 198.51.100.7:40001 3600", "lost upnp: renewal refused (501)");
        assertThat(fx.drain()).singleElement().satisfies(s -> assertThat(s.payload()[0]).as("PCP again").isEqualTo((byte) 2));

        mapper.onDatagram(GatewayAnswers.pcpMap(2, 0, NONCE, 17, PORT, 0, WAN), 21, fx);
        mapper.onDatagram(GatewayAnswers.natPmpAddress(0, WAN), 22, fx);
        mapper.onDatagram(GatewayAnswers.natPmpMap(2, PORT, 0, 0), 23, fx);
        mapper.onUpnp(new UpnpOutcome.Unavailable(PORT, "no IGD answered the search"), 24, fx);
        assertThat(told.get(told.size() - 1)).as("this round's outcomes only")
                .isEqualTo("unavailable pcp: refused, NOT_AUTHORIZED (2); nat-pmp: refused, Not Authorized/Refused (2);"
                        + " upnp: no IGD answered the search");
    }

    @Test
    void aDriverSilentPastItsDeadlineIsGivenUpOnceAndDeletesWhatItGetsLate() {
        fx.speaksUpnp = true;
        refusedByPcpAndNatPmp();
        long deadline = fx.timers.get(PortMapTimer.RETRANSMIT);
        mapper.onTimer(PortMapTimer.RETRANSMIT, deadline, fx);
        assertThat(told).singleElement().asString().startsWith("unavailable pcp: refused")
                .endsWith("; upnp: no outcome within " + PortMapDefaults.UPNP_WAIT_MILLIS + " ms");
        assertThat(fx.upnpUnmaps).as("the driver deletes a mapping it gets after").containsExactly(PORT);
        assertThat(fx.timers).doesNotContainKey(PortMapTimer.RETRANSMIT);

        mapper.onUpnp(new UpnpOutcome.Unavailable(PORT, "refused, Action not authorized (606)"), deadline + 1, fx);
        mapper.onUpnp(new UpnpOutcome.Mapped(WAN, 40001, PORT, 3600), deadline + 2, fx);
        assertThat(told).as("given up once; a late outcome changes nothing").hasSize(1);
        assertThat(mapper.mapping()).isEmpty();
    }

    @Test
    void aDriverWithoutUpnpLeavesTheOldOutcome() {
        refusedByPcpAndNatPmp();
        assertThat(fx.upnpMaps).as("asked, and told no").containsExactly(PORT);
        assertThat(told).containsExactly("unavailable pcp: refused, NOT_AUTHORIZED (2); nat-pmp: refused, Not Authorized/Refused (2)");
    }

    @Test
    void outcomesForAnotherPortOrOutOfTurnAreIgnored() {
        fx.speaksUpnp = true;
        mapper.start(0, fx);
        mapper.onUpnp(new UpnpOutcome.Mapped(WAN, 40001, PORT, 3600), 1, fx);
        assertThat(mapper.mapping()).as("UPnP was not asked yet").isEmpty();
        mapper.onDatagram(GatewayAnswers.pcpMap(2, 0, NONCE, 17, PORT, 0, WAN), 1, fx);
        mapper.onDatagram(GatewayAnswers.natPmpAddress(0, WAN), 2, fx);
        mapper.onDatagram(GatewayAnswers.natPmpMap(2, PORT, 0, 0), 3, fx);
        mapper.onUpnp(new UpnpOutcome.Mapped(WAN, 40001, PORT + 1, 3600), 4, fx);
        assertThat(mapper.mapping()).as("another port's mapping").isEmpty();
        mapper.stop(5, fx);
        assertThat(fx.upnpUnmaps).as("a request in flight is deleted by the driver").containsExactly(PORT);
        mapper.onUpnp(new UpnpOutcome.Mapped(WAN, 40001, PORT, 3600), 6, fx);
        assertThat(mapper.mapping()).as("after stop").isEmpty();
        assertThat(told).isEmpty();
    }

    /** Whatever the driver reports, in any order with the gateway's answers and timers: no exception, the mapping stays ours. */
    @Property(tries = 300)
    void anyOutcomesKeepTheMapperConsistent(@ForAll("outcomes") List<UpnpOutcome> outcomes) {
        List<String> heard = new ArrayList<>();
        PortMapper m = MapperFixture.mapper(heard);
        RecordingEffects out = new RecordingEffects();
        out.speaksUpnp = true;
        refusedByPcpAndNatPmp(m, out);
        out.drain();
        long now = 10;
        for (UpnpOutcome outcome : outcomes) {
            now += 100;
            m.onUpnp(outcome, now, out);
            assertThat(out.drain()).as("one request at most per event").hasSizeLessThanOrEqualTo(1);
            m.onTimer(PortMapTimer.RETRANSMIT, now, out);
            assertThat(out.drain()).hasSizeLessThanOrEqualTo(1);
            m.mapping().ifPresent(p -> assertThat(p.internalPort()).isEqualTo(PORT));
        }
        // given up at most once per try from PCP: the first, and one after each lost mapping
        long lost = heard.stream().filter(t -> t.startsWith("lost")).count();
        assertThat(heard.stream().filter(t -> t.startsWith("unavailable")).count()).isLessThanOrEqualTo(1 + lost);
        assertThat(out.upnpMaps).hasSizeLessThanOrEqualTo((int) (1 + lost));
    }

    @Provide
    Arbitrary<List<UpnpOutcome>> outcomes() {
        Arbitrary<Integer> port = Arbitraries.of(PORT, PORT + 1);
        Arbitrary<UpnpOutcome> one = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 65535).flatMap(ext -> port.flatMap(p -> Arbitraries.longs().between(0, 86_400)
                        .map(lease -> (UpnpOutcome) new UpnpOutcome.Mapped(WAN, ext, p, lease)))),
                port.map(p -> new UpnpOutcome.Lost(p, "gone")),
                port.map(p -> new UpnpOutcome.Unavailable(p, "none")));
        return one.list().ofMaxSize(20);
    }

    private void refusedByPcpAndNatPmp() {
        refusedByPcpAndNatPmp(mapper, fx);
    }

    private static void refusedByPcpAndNatPmp(PortMapper m, RecordingEffects out) {
        m.start(0, out);
        m.onDatagram(GatewayAnswers.pcpMap(2, 0, NONCE, 17, PORT, 0, WAN), 1, out);
        m.onDatagram(GatewayAnswers.natPmpAddress(0, WAN), 2, out);
        m.onDatagram(GatewayAnswers.natPmpMap(2, PORT, 0, 0), 3, out);
    }

}
