package org.ptpmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.introducer.IntroducerDropReason;
import org.ptpmesh.peer.PeerDropReason;
import org.ptpmesh.rendezvous.ServerDropReason;
import org.ptpmesh.secure.SecureDropReason;
import org.ptpmesh.transfer.TransferDropReason;
import org.ptpmesh.wire.DecodeErrorCode;
import org.ptpmesh.wire.RuleViolationCode;

/**
 * The drop labels are a released vocabulary: {@code ptpserver stats}, the analytics database and
 * the docs show them, and existing databases hold them. Renaming a constant is fine; changing a
 * label is not, and this test says so.
 */
class DropReasonLabelsTest {

    @Test
    void theRendezvousServerKeepsItsLabels() {
        assertThat(labels(ServerDropReason.values())).containsExactly("rate_limited", "rule_violation", "unexpected_kind",
                "registry_full", "not_registered", "spoofed_shutdown", "bad_timestamp", "list_entries_omitted",
                "live_elsewhere", "answer_too_large", "mapped_elsewhere");
    }

    @Test
    void theIntroducerKeepsItsLabels() {
        assertThat(labels(IntroducerDropReason.values())).containsExactly("wrong_port", "unexpected_kind", "table_full",
                "relay_unregistered", "relay_not_introduced", "relay_legacy_peer", "relay_loop", "relay_quota", "answer_too_large",
                "mapped_elsewhere");
    }

    @Test
    void theKeyRulesKeepTheirLabels() {
        assertThat(labels(KeyClaims.Refusal.values())).containsExactly("id_not_of_key", "keyed_id_claimed_plain",
                "other_key_for_id");
    }

    @Test
    void thePeerKeepsItsLabels() {
        assertThat(labels(PeerDropReason.values())).containsExactly("unexpected_pong", "unexpected_test", "own_id",
                "relay_refused", "unexpected_kind", "not_from_introducer", "ping_from_stranger", "relayed_id_mismatch",
                "relayed_unexpected_kind", "keepalive_off_path", "keepalive_ack_off_path", "intro_for_self",
                "duplicate_intro", "stale_intro", "other_family_intro", "intro_for_introducer", "unexpected_intro_error", "punch_unvouched",
                "punch_ack_unvouched", "data_off_path", "ack_off_path", "not_sealed_by_peer_key");
    }

    @Test
    void theTransferKeepsItsLabels() {
        assertThat(labels(TransferDropReason.values())).containsExactly("not_a_transfer_message", "own_id",
                "unexpected_kind", "bad_xfer_id", "bad_offer", "too_many_blocks", "unvalidated",
                "answer_larger_than_question", "offer_to_sender", "offer_not_fetched", "offer_refused",
                "offer_of_another_sender", "reception_limit", "reception_limit_peer", "serving_limit", "serving_limit_peer",
                "retry_unknown_transfer", "block_unknown_transfer", "block_off_route", "block_corrupt",
                "block_unverifiable", "hashes_unknown_transfer", "hashes_mismatch", "block_out_of_range",
                "block_wrong_length", "request_unknown_transfer", "request_off_route", "request_out_of_range",
                "done_unknown_transfer", "cancel_unknown_transfer", "unsafe_name");
    }

    @Test
    void theSessionLayerKeepsItsLabels() {
        assertThat(labels(SecureDropReason.values())).containsExactly("handshake_too_small", "id_not_of_key",
                "session_limit", "seal_open_failed", "replayed", "unknown_session", "handshake_failed", "unknown_pattern",
                "unexpected_handshake", "key_refused", "queue_full", "handshake_gave_up", "not_sent", "too_large_to_seal",
                "session_spent", "not_session_route", "not_introduced", "not_introduced_key", "not_introduced_address",
                "punch_handshake_limit", "relayed_not_sealed", "relayed_not_introduced", "relay_target_not_introduced",
                "peerkey_not_of_target");
    }

    @Test
    void refusedDatagramsAreCountedUnderTheWireCodes() {
        assertThat(RefusedDatagram.of(DecodeErrorCode.BAD_CHECKSUM).label()).isEqualTo("bad_checksum");
        assertThat(RefusedDatagram.of(RuleViolationCode.MISSING_TLV).label()).isEqualTo("missing_tlv");
        assertThat(RefusedDatagram.of(RuleViolationCode.FORBIDDEN_TLV).relayed().label()).isEqualTo("relayed_forbidden_tlv");
    }

    @Test
    void aDropIsCountedUnderItsLabel() {
        DropCounters drops = new DropCounters();
        drops.count(PeerDropReason.PUNCH_UNVOUCHED);
        drops.count(RefusedDatagram.of(DecodeErrorCode.TLV_OVERRUN).relayed(), 2);
        assertThat(drops.snapshot()).containsExactly(
                java.util.Map.entry("punch_unvouched", 1L), java.util.Map.entry("relayed_tlv_overrun", 2L));
    }

    private static List<String> labels(DropReason[] reasons) {
        return Arrays.stream(reasons).map(DropReason::label).toList();
    }
}
