package org.ptpmesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.rendezvous.ServerHarness.addr;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Violations;
import org.ptpmesh.wire.list.ClientEntry;
import org.ptpmesh.wire.list.ClientListAssembler;

/**
 * A client whose gateway maps its port registers with UPNP 1 and MAPPEDADDR: the others are told
 * its mapped address, which anyone reaches first, but only when the mapping is on the IP its
 * REGISTER came from; a stranger's address is never listed.
 */
class MappedClientsTest {

    private static final Endpoint MAPPED_NAT = addr("198.51.100.7", 40000);
    private static final Endpoint MAPPED_PORT = addr("198.51.100.7", 3456);
    private static final Endpoint MODERN = addr("203.0.113.5", 5000);
    private static final Endpoint LEGACY = addr("203.0.113.6", 5000);

    private final ServerHarness h = new ServerHarness(ServerHarness.config());

    @Test
    void aMappedClientIsListedAtItsMappedAddressToPtpmeshAndPtptestClientsAlike() {
        h.registerMappedAt(1, MAPPED_NAT, true, 1, MAPPED_PORT);
        h.registerAt(2, MODERN, true);
        h.registerAt(3, LEGACY, false);

        List<Sent> published = published();
        assertThat(listedTo(published, MODERN)).containsExactlyInAnyOrder(MAPPED_PORT, LEGACY);
        assertThat(listedTo(published, LEGACY)).as("a ptptest 2014 client's list: the mapped address is its EXT entry")
                .containsExactlyInAnyOrder(MAPPED_PORT, MODERN);
        assertThat(h.server.drops().get("mapped_elsewhere")).isZero();
    }

    @Test
    void aMappingOnAnotherIpIsRefusedCountedAndTheClientListedWhereItsDatagramsComeFrom() {
        Endpoint victim = addr("192.0.2.99", 80);
        h.registerMappedAt(1, MAPPED_NAT, true, 1, victim);
        h.registerAt(2, MODERN, true);

        assertThat(listedTo(published(), MODERN)).containsExactly(MAPPED_NAT).doesNotContain(victim);
        assertThat(h.server.drops().get("mapped_elsewhere")).as("once for the REGISTER").isEqualTo(1);
    }

    @Test
    void aClientThatLostItsMappingIsListedAtItsObservedAddressAgainAndTheOthersAreTold() {
        h.registerMappedAt(1, MAPPED_NAT, true, 1, MAPPED_PORT);
        h.registerAt(2, MODERN, true);
        assertThat(listedTo(published(), MODERN)).containsExactly(MAPPED_PORT);

        h.advance(1_000);
        h.registerMappedAt(1, MAPPED_NAT, true, -1, null);
        assertThat(listedTo(published(), MODERN)).as("a move: the others hear of it within the announce gap").containsExactly(MAPPED_NAT);
    }

    @Test
    void aPtptestShapedRegistrationStillSayingUpnpKeepsTheMappingItCannotCarry() {
        h.registerMappedAt(1, MAPPED_NAT, true, 1, MAPPED_PORT);
        h.registerAt(2, MODERN, true);
        listedTo(published(), MODERN);

        // the mapped client's server went silent for a retry: it registers in ptptest 2014's shape
        h.advance(1_000);
        h.registerMappedAt(1, MAPPED_NAT, false, 1, null);
        h.advance(1_000);
        assertThat(lists(h.drain())).as("not a move: no list goes out early").isEmpty();
        h.advance(13_000);
        assertThat(listedTo(published(), MODERN)).containsExactly(MAPPED_PORT);

        h.registerMappedAt(1, MAPPED_NAT, false, -1, null);
        assertThat(listedTo(published(), MODERN)).as("without UPNP the mapping is gone").containsExactly(MAPPED_NAT);
    }

    /** What the server sent in the next second (its publish ticks included). */
    private List<Sent> published() {
        h.advance(1_000);
        return h.drain();
    }

    /** The entries of the latest list in {@code sent} to {@code to}, checked against the rules. */
    private static List<Endpoint> listedTo(List<Sent> sent, Endpoint to) {
        List<Message> lists = lists(sent).stream().filter(s -> s.to().equals(to)).map(Sent::message).toList();
        assertThat(lists).as("a list to " + to).isNotEmpty();
        Message last = lists.get(lists.size() - 1);
        assertThat(Violations.of(last)).isEmpty();
        return ClientListAssembler.entries(last).stream().map(ClientEntry::external).toList();
    }

    private static List<Sent> lists(List<Sent> sent) {
        return sent.stream().filter(s -> s.message().kind() == MessageKind.LIST).toList();
    }
}
