package org.ptpmesh.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The receiver rules of docs/protocol.md section 7 (rule 4) that a well-formed datagram must
 * keep before anyone acts on it, read straight off a {@link DatagramView}: a known kind, its
 * required TLVs present, no TLV its kind forbids, no repeats except where allowed, UUID ahead of
 * MYTS in the ptptest kinds, and client lists whose CLIENTLEN matches their entries and whose
 * paging TLVs come all together. Unknown
 * TLV types are never a violation (rule 3).
 *
 * <p>The one checker every receiver uses: the nodes ask {@link #firstBroken} (no allocation when
 * the datagram keeps every rule, which is what keeps it cheap enough for the server's hot path),
 * the decoder CLI and the conformance kit ask {@link #violations} for all of them with details.
 * Rules are checked in this order: kind, missing, forbidden and repeated TLVs (front to back),
 * the order of UUID and MYTS, then the rules of the handshake and SEALED kinds
 * ({@link KeyedMessageRules}), then the list rules.
 *
 * <p>Stateless: it keeps nothing between datagrams, so any thread may use it on its own view.
 */
public final class ReceiverRules {

    /** One broken rule; {@code code} is stable for tools, {@code detail} is for people. */
    public record Violation(RuleViolationCode code, String detail) {
        @Override
        public String toString() {
            return code.wireName() + ": " + detail;
        }
    }

    private ReceiverRules() {
    }

    /** The explicit MSGKIND of the datagram in {@code view}, or the ptptest 2014 kind its TLVs infer; null if neither. */
    public static MessageKind kindOf(DatagramView view) {
        int msgKind = view.indexOf(TlvTypes.MSGKIND);
        if (msgKind >= 0) {
            return MessageKind.fromCode(view.uint(msgKind));
        }
        return MessageKind.infer(type -> view.indexOf(type) >= 0);
    }

    /** The first rule the datagram in {@code view} breaks as the kind it names or infers, or null. */
    public static RuleViolationCode firstBroken(DatagramView view) {
        return check(view, kindOf(view), null);
    }

    /** The first rule the datagram in {@code view} breaks read as {@code kind}, or null. */
    public static RuleViolationCode firstBroken(DatagramView view, MessageKind kind) {
        return check(view, kind, null);
    }

    /** Every rule the datagram in {@code view} breaks as the kind it names or infers, in checking order. */
    public static List<Violation> violations(DatagramView view) {
        List<Violation> found = new ArrayList<>();
        check(view, kindOf(view), found);
        return found;
    }

    /** Checks every rule; adds each broken one to {@code found} unless it is null; returns the first. */
    private static RuleViolationCode check(DatagramView view, MessageKind kind, List<Violation> found) {
        if (kind == null) {
            int msgKind = view.indexOf(TlvTypes.MSGKIND);
            return report(null, found, RuleViolationCode.UNKNOWN_MESSAGE, () -> msgKind >= 0
                    ? "MSGKIND " + Long.toUnsignedString(view.uint(msgKind)) + " is not a registered message kind"
                    : "no MSGKIND, and the TLVs match no ptptest message");
        }
        RuleViolationCode first = null;
        for (int type : kind.required()) {
            if (view.indexOf(type) < 0) {
                first = report(first, found, RuleViolationCode.MISSING_TLV, () -> kind + " requires " + TlvTypes.nameOf(type));
            }
        }
        for (int i = 0; i < view.tlvCount(); i++) {
            int type = view.type(i);
            if (!TlvTypes.isKnown(type)) {
                continue;
            }
            // each broken rule is reported once per type: a forbidden type at its first
            // occurrence, a repeated one at its second
            if (!kind.required().contains(type) && !kind.optional().contains(type)) {
                if (earlier(view, i, 1) == 0) {
                    first = report(first, found, RuleViolationCode.FORBIDDEN_TLV,
                            () -> kind + " may not carry " + TlvTypes.nameOf(type));
                }
            } else if (!kind.repeatable().contains(type) && earlier(view, i, 2) == 1) {
                first = report(first, found, RuleViolationCode.REPEATED_TLV,
                        () -> kind + " carries " + TlvTypes.nameOf(type) + " " + count(view, type) + " times");
            }
        }
        if (kind.isLegacy()) {
            first = checkUuidBeforeMyts(view, kind, first, found);
        }
        first = KeyedMessageRules.check(view, kind, first, found);
        return kind == MessageKind.LIST ? checkList(view, first, found) : first;
    }

    /**
     * ptptest 2014 answers a MYTS as soon as it reads it, with the UUID read before it (server.py
     * and client.py, {@code _client_respond} and {@code _server_respond}): a MYTS ahead of the
     * UUID kills its receive loop, so the ptptest kinds carry UUID first.
     */
    private static RuleViolationCode checkUuidBeforeMyts(DatagramView view, MessageKind kind, RuleViolationCode first,
                                                         List<Violation> found) {
        int myts = view.indexOf(TlvTypes.MYTS);
        int uuid = view.indexOf(TlvTypes.UUID);
        if (myts >= 0 && uuid > myts) {
            return report(first, found, RuleViolationCode.MYTS_BEFORE_UUID, () -> kind + " carries MYTS before UUID");
        }
        return first;
    }

    /** How many TLVs before {@code index} have its type, counting no further than {@code enough}. */
    private static int earlier(DatagramView view, int index, int enough) {
        int n = 0;
        for (int j = 0; j < index && n < enough; j++) {
            if (view.type(j) == view.type(index)) {
                n++;
            }
        }
        return n;
    }

    private static int count(DatagramView view, int type) {
        int n = 0;
        for (int i = 0; i < view.tlvCount(); i++) {
            if (view.type(i) == type) {
                n++;
            }
        }
        return n;
    }

    private static RuleViolationCode checkList(DatagramView view, RuleViolationCode first, List<Violation> found) {
        int entries = count(view, TlvTypes.CLIENTLIST_EXT);
        int clientLen = view.indexOf(TlvTypes.CLIENTLEN);
        if (clientLen >= 0 && view.uint(clientLen) != entries) {
            first = report(first, found, RuleViolationCode.CLIENTLEN_MISMATCH,
                    () -> "CLIENTLEN says " + Long.toUnsignedString(view.uint(clientLen)) + ", the datagram has " + entries
                            + " CLIENTLIST_EXT entries");
        }
        int listId = view.indexOf(TlvTypes.LISTID);
        int page = view.indexOf(TlvTypes.PAGE);
        int pages = view.indexOf(TlvTypes.PAGECOUNT);
        int paging = (listId >= 0 ? 1 : 0) + (page >= 0 ? 1 : 0) + (pages >= 0 ? 1 : 0);
        if (paging != 0 && paging != 3) {
            first = report(first, found, RuleViolationCode.PAGING_INCOMPLETE,
                    () -> "LISTID, PAGE and PAGECOUNT come together or not at all");
        }
        // unsigned: an 8-byte PAGECOUNT above 2^63 is a count like any other
        if (page >= 0 && pages >= 0 && (view.uint(pages) == 0 || Long.compareUnsigned(view.uint(page), view.uint(pages)) >= 0)) {
            first = report(first, found, RuleViolationCode.PAGE_OUT_OF_RANGE,
                    () -> "PAGE " + Long.toUnsignedString(view.uint(page)) + " of PAGECOUNT "
                            + Long.toUnsignedString(view.uint(pages)));
        }
        boolean afterExt = false;
        for (int i = 0; i < view.tlvCount(); i++) {
            int type = view.type(i);
            if (type == TlvTypes.CLIENTLIST_EXT) {
                afterExt = true;
            } else if (!afterExt && (type == TlvTypes.CLIENTLIST_INT || type == TlvTypes.CLIENTLIST_ID
                    || type == TlvTypes.CLIENTLIST_NAT || type == TlvTypes.CLIENTLIST_KEYED)) {
                first = report(first, found, RuleViolationCode.ORPHAN_ENTRY_FIELD,
                        () -> TlvTypes.nameOf(type) + " before any CLIENTLIST_EXT");
            }
        }
        return first;
    }

    /** Records a broken rule (its detail only built when someone collects them) and keeps the first. */
    static RuleViolationCode report(RuleViolationCode first, List<Violation> found, RuleViolationCode code,
                                            Supplier<String> detail) {
        if (found != null) {
            found.add(new Violation(code, detail.get()));
        }
        return first == null ? code : first;
    }
}
