package org.ptpmesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.rendezvous.ServerHarness.addr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.node.KeyClaims;
import org.ptpmesh.secure.KeyedPeerId;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.Tlv;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.list.ClientEntry;
import org.ptpmesh.wire.list.ClientListAssembler;

/**
 * What a key decides at the rendezvous server (docs/protocol.md 6.9): a registration made sealed
 * is bound to its key, and no plain datagram naming its id moves it, reports as it or removes it.
 * Sealed datagrams are handed in as the session layer hands them on, marked with the key their
 * session proved.
 */
class KeyedRegistrationTest {

    private static final byte[] KEY = filled(0x11);
    private static final byte[] VICTIM_ID = KeyedPeerId.of(KEY).bytes();
    private static final Endpoint VICTIM_AT = addr("198.51.100.7", 40000);
    private static final Endpoint OTHER_AT = addr("198.51.100.8", 40001);
    private static final Endpoint LEGACY_AT = addr("198.51.100.9", 40002);
    private static final Endpoint ATTACKER = addr("203.0.113.250", 6666);

    private static byte[] filled(int b) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) b);
        return key;
    }

    private static byte[] register(byte[] id, Endpoint ptpAddr, ServerHarness h) {
        return Codec.encode(ServerHarness.registration(id, ptpAddr, Timestamps.fromMillis(h.now), true).build());
    }

    private static byte[] reporting(byte[] id, Endpoint ptpAddr, String meta) {
        return Codec.encode(ServerHarness.registration(id, ptpAddr, 1, true).json(TlvTypes.META, meta).build());
    }

    private static long dropped(ServerHarness h, KeyClaims.Refusal reason) {
        return h.server.drops().get(reason.label());
    }

    private static ServerSnapshot.Row row(ServerHarness h, byte[] id) {
        String hex = ClientId.of(id).toString();
        return h.server.snapshot().rows().stream().filter(r -> r.id().equals(hex)).findFirst().orElseThrow();
    }

    @Test
    void aPlainRegisterEchoOrShutdownClaimingAKeyedIdIsDroppedAndTheVictimKeepsItsAddressListsAndPlace() {
        ServerHarness h = new ServerHarness(ServerHarness.config().withListLimit(0));
        h.registerSealedAt(KEY, VICTIM_AT, register(VICTIM_ID, VICTIM_AT, h));
        h.registerAt(2, OTHER_AT, true);
        h.registerAt(3, LEGACY_AT, true);
        // both silent past the move delay: a registration from elsewhere would now move a client
        h.advance(ServerDefaults.MOVE_AFTER_SECONDS * 1_000 + 1_000);
        h.drain();

        h.receive(ATTACKER, register(VICTIM_ID, ATTACKER, h));
        h.answerChallenge(ATTACKER);
        h.receive(ATTACKER, ServerHarness.echo(VICTIM_ID, 1));
        // the control: the same claim on the legacy client's id moves it, as it always did
        h.receive(ATTACKER, register(ServerHarness.id(3), ATTACKER, h));
        h.answerChallenge(ATTACKER);
        h.advance(1_000);
        List<Sent> sent = h.drain();

        assertThat(dropped(h, KeyClaims.Refusal.KEYED_ID_CLAIMED_PLAIN)).as("plain REGISTER and ECHO naming the keyed id").isEqualTo(2);
        assertThat(row(h, VICTIM_ID).external()).isEqualTo(VICTIM_AT.toString());
        assertThat(row(h, VICTIM_ID).keyed()).isTrue();
        assertThat(row(h, ServerHarness.id(3)).external()).as("the legacy control was moved").isEqualTo(ATTACKER.toString());
        assertThat(sent).filteredOn(s -> s.to().equals(ATTACKER))
                .allSatisfy(s -> assertThat(s.message().bytes(TlvTypes.UUID).orElseThrow()).isNotEqualTo(VICTIM_ID));
        List<ClientEntry> toOther = sent.stream().filter(s -> s.to().equals(OTHER_AT) && s.message().kind() == MessageKind.LIST)
                .reduce((a, b) -> b).map(s -> ClientListAssembler.entries(s.message())).orElseThrow();
        assertThat(toOther).filteredOn(e -> Arrays.equals(e.id(), VICTIM_ID)).singleElement()
                .satisfies(e -> assertThat(e.external()).isEqualTo(VICTIM_AT))
                .satisfies(e -> assertThat(e.keyed()).as("CLIENTLIST_KEYED").isOne());
        assertThat(toOther).filteredOn(e -> Arrays.equals(e.id(), ServerHarness.id(3))).singleElement()
                .satisfies(e -> assertThat(e.keyed()).isZero());

        // a SHUTDOWN from the attacker, or forged from the victim's own address, removes no one
        h.receive(ATTACKER, ServerHarness.shutdown(VICTIM_ID));
        h.receive(VICTIM_AT, ServerHarness.shutdown(VICTIM_ID));
        assertThat(h.server.clientCount()).isEqualTo(3);
        assertThat(dropped(h, KeyClaims.Refusal.KEYED_ID_CLAIMED_PLAIN)).isEqualTo(4);
        h.receiveSealed(VICTIM_AT, ServerHarness.shutdown(VICTIM_ID), KEY);
        assertThat(h.server.clientCount()).as("its own sealed SHUTDOWN does").isEqualTo(2);
    }

    @Test
    void aPlainReportForAKeyedIdIsNotStoredEvenFromTheClientsOwnAddress() {
        List<String> reports = new ArrayList<>();
        ServerHarness h = new ServerHarness(ServerHarness.config(), new RendezvousListener() {
            @Override
            public void reported(RegisteredClient client, String metaJson, long now) {
                reports.add(metaJson);
            }
        });
        h.registerSealedAt(KEY, VICTIM_AT, register(VICTIM_ID, VICTIM_AT, h));
        // a forged source: the victim's address, which is all a plain report could be checked by
        h.receive(VICTIM_AT, reporting(VICTIM_ID, VICTIM_AT, "{\"forged\":1}"));
        assertThat(reports).isEmpty();
        assertThat(dropped(h, KeyClaims.Refusal.KEYED_ID_CLAIMED_PLAIN)).isOne();
        h.receiveSealed(VICTIM_AT, reporting(VICTIM_ID, VICTIM_AT, "{\"ok\":1}"), KEY);
        assertThat(reports).containsExactly("{\"ok\":1}");
    }

    @Test
    void aSealedRegistrationNamingAnIdNotOfItsKeyIsDroppedUnanswered() {
        ServerHarness h = new ServerHarness(ServerHarness.config());
        h.registerSealedAt(KEY, VICTIM_AT, register(ServerHarness.id(5), VICTIM_AT, h));
        assertThat(h.drain()).isEmpty();
        assertThat(h.server.clientCount()).isZero();
        assertThat(dropped(h, KeyClaims.Refusal.ID_NOT_OF_KEY)).isOne();
    }

    @Test
    void theKeysHolderTakesOverALiveLegacyClaimOnItsIdWhichAPlainRegistrationCannot() {
        ServerHarness h = new ServerHarness(ServerHarness.config());
        // the id was in a list, and someone registered it plain first
        h.registerAt(9, ATTACKER, true);
        h.receive(ATTACKER, register(VICTIM_ID, ATTACKER, h));
        h.answerChallenge(ATTACKER);
        assertThat(h.server.clientCount()).isEqualTo(2);
        h.advance(1_000);
        // the control: a plain registration from elsewhere does not move a live client
        h.receive(VICTIM_AT, register(VICTIM_ID, VICTIM_AT, h));
        assertThat(h.server.drops().get(ServerDropReason.LIVE_ELSEWHERE.label())).isOne();
        h.registerSealedAt(KEY, VICTIM_AT, register(VICTIM_ID, VICTIM_AT, h));
        h.advance(1_000);
        assertThat(row(h, VICTIM_ID).external()).isEqualTo(VICTIM_AT.toString());
        assertThat(row(h, VICTIM_ID).keyed()).isTrue();
        assertThat(row(h, ServerHarness.id(9)).keying()).isEqualTo("legacy");
        assertThat(h.server.drops().get(ServerDropReason.LIVE_ELSEWHERE.label())).isOne();
    }

    @Test
    void aClaimTheKeyTakesOverAtItsOwnAddressIsAnnouncedAsKeyed() {
        ServerHarness h = new ServerHarness(ServerHarness.config().withListLimit(0));
        h.registerAt(2, OTHER_AT, true);
        h.receive(VICTIM_AT, register(VICTIM_ID, VICTIM_AT, h));
        h.answerChallenge(VICTIM_AT);
        h.advance(1_000);
        h.drain();
        // the same address, the same everything but the key: still news for every list naming it
        h.registerSealedAt(KEY, VICTIM_AT, register(VICTIM_ID, VICTIM_AT, h));
        h.advance(1_000);
        List<ClientEntry> toOther = h.drain().stream().filter(s -> s.to().equals(OTHER_AT) && s.message().kind() == MessageKind.LIST)
                .reduce((a, b) -> b).map(s -> ClientListAssembler.entries(s.message())).orElseThrow();
        assertThat(toOther).singleElement().satisfies(e -> assertThat(e.keyed()).isOne());
    }

    @Test
    void aPtptestClientsListIsByteForByteTheSameWhetherTheOthersAreKeyedOrNot() {
        List<byte[]> keyed = ptptestListsWithAnother(true);
        List<byte[]> legacy = ptptestListsWithAnother(false);
        assertThat(keyed).isNotEmpty().hasSameSizeAs(legacy);
        for (int i = 0; i < keyed.size(); i++) {
            assertThat(keyed.get(i)).isEqualTo(legacy.get(i));
        }
    }

    /** The lists a ptptest 2014 client gets while a ptpmesh client registered sealed ({@code sealed}) or plain. */
    private static List<byte[]> ptptestListsWithAnother(boolean sealed) {
        ServerHarness h = new ServerHarness(ServerHarness.config().withListLimit(0));
        h.registerAt(1, LEGACY_AT, false);
        if (sealed) {
            h.registerSealedAt(KEY, VICTIM_AT, register(VICTIM_ID, VICTIM_AT, h));
        } else {
            h.registerAt(7, VICTIM_AT, true);
        }
        h.advance(ServerHarness.config().publishEvery() + 1_000);
        List<byte[]> lists = new ArrayList<>();
        for (Sent s : h.drain()) {
            if (s.to().equals(LEGACY_AT) && s.message().tlvs().stream().anyMatch(t -> t.type() == TlvTypes.CLIENTLIST_EXT)) {
                assertThat(s.message().tlvs()).extracting(Tlv::type).doesNotContain(TlvTypes.CLIENTLIST_KEYED);
                lists.add(s.payload());
            }
        }
        return lists;
    }
}
