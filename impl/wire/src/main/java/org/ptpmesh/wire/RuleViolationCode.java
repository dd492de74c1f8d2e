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
    /** CLIENTLIST_INT, _ID or _NAT before any CLIENTLIST_EXT they could belong to. */
    ORPHAN_ENTRY_FIELD("orphan_entry_field");

    private final String wireName;

    RuleViolationCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
