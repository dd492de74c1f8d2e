package org.ptpmesh.wire;

/**
 * Which receiver rule a well-formed datagram breaks (docs/protocol.md section 7, rule 4). The
 * wire names appear in JSON output, capture reports and drop counters.
 */
public enum RuleViolationCode {
    /** No MSGKIND and no ptptest 2014 shape, or a MSGKIND that is not registered. */
    UNKNOWN_MESSAGE("unknown_message"),
    /** A TLV the kind requires is absent. */
    MISSING_TLV("missing_tlv"),
    /** A known TLV the kind neither requires nor allows. */
    FORBIDDEN_TLV("forbidden_tlv"),
    /** A TLV the kind allows once appears more than once. */
    REPEATED_TLV("repeated_tlv"),
    /**
     * A ptptest kind whose MYTS comes before its UUID: ptptest 2014 answers MYTS as it reads it,
     * naming the UUID read so far, and its receive loop dies when there is none yet.
     */
    MYTS_BEFORE_UUID("myts_before_uuid"),
    /** A LIST whose CLIENTLEN is not the number of its CLIENTLIST_EXT entries. */
    CLIENTLEN_MISMATCH("clientlen_mismatch"),
    /** A LIST with some but not all of LISTID, PAGE and PAGECOUNT. */
    PAGING_INCOMPLETE("paging_incomplete"),
    /** A LIST whose PAGE is not below its PAGECOUNT. */
    PAGE_OUT_OF_RANGE("page_out_of_range"),
    /** CLIENTLIST_INT, _ID, _NAT or _KEYED before any CLIENTLIST_EXT they could belong to. */
    ORPHAN_ENTRY_FIELD("orphan_entry_field"),
    /** A HANDSHAKE_INIT whose PATTERN is neither 0 (XX) nor 1 (IK). */
    UNKNOWN_PATTERN("unknown_pattern"),
    /**
     * A handshake message whose NOISE fragments, concatenated, have a length no Noise message of
     * its pattern and place can have (payloads are empty: IK init 96, XX init 32, answer 48 or
     * 96, XX finish 64).
     */
    NOISE_LENGTH("noise_length"),
    /** A SEALED message whose sealed bytes cannot hold a tag and the smallest inner datagram. */
    SEALED_TOO_SHORT("sealed_too_short"),
    /** A SEALED message whose COUNTER is 2^64-1, the nonce Noise reserves and never sends. */
    RESERVED_COUNTER("reserved_counter");

    private final String wireName;

    RuleViolationCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
