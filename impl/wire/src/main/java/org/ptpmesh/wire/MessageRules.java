package org.ptpmesh.wire;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The rules a receiver applies to a well-formed datagram before acting on it
 * (docs/protocol.md, "Receiver rules"): a known kind, its required TLVs present, no TLV its
 * kind forbids, no repeats except where allowed, client lists whose CLIENTLEN matches their
 * entries and whose paging TLVs come all together. Unknown TLV types are never a violation.
 */
public final class MessageRules {

    /** One broken rule; {@code code} is stable for tools, {@code detail} is for people. */
    public record Violation(String code, String detail) {
        @Override
        public String toString() {
            return code + ": " + detail;
        }
    }

    private MessageRules() {
    }

    public static List<Violation> check(Message message) {
        List<Violation> violations = new ArrayList<>();
        MessageKind kind = message.kind();
        if (kind == null) {
            OptionalLong code = message.uint(TlvTypes.MSGKIND);
            violations.add(new Violation("unknown_message", code.isPresent()
                    ? "MSGKIND " + code.getAsLong() + " is not a registered message kind"
                    : "no MSGKIND, and the TLVs match no ptptest message"));
            return violations;
        }
        Map<Integer, Integer> counts = new HashMap<>();
        for (Tlv tlv : message.tlvs()) {
            counts.merge(tlv.type(), 1, Integer::sum);
        }
        for (int type : kind.required()) {
            if (!counts.containsKey(type)) {
                violations.add(new Violation("missing_tlv", kind + " requires " + TlvTypes.nameOf(type)));
            }
        }
        counts.forEach((type, n) -> {
            boolean known = TlvTypes.isKnown(type);
            if (known && !kind.required().contains(type) && !kind.optional().contains(type)) {
                violations.add(new Violation("forbidden_tlv", kind + " may not carry " + TlvTypes.nameOf(type)));
            } else if (known && n > 1 && !kind.repeatable().contains(type)) {
                violations.add(new Violation("repeated_tlv", kind + " carries " + TlvTypes.nameOf(type) + " " + n + " times"));
            }
        });
        if (kind == MessageKind.LIST) {
            checkList(message, counts, violations);
        }
        return violations;
    }

    private static void checkList(Message message, Map<Integer, Integer> counts, List<Violation> violations) {
        int entries = counts.getOrDefault(TlvTypes.CLIENTLIST_EXT, 0);
        OptionalLong declared = message.uint(TlvTypes.CLIENTLEN);
        if (declared.isPresent() && declared.getAsLong() != entries) {
            violations.add(new Violation("clientlen_mismatch",
                    "CLIENTLEN says " + declared.getAsLong() + ", the datagram has " + entries + " CLIENTLIST_EXT entries"));
        }
        int paging = (counts.containsKey(TlvTypes.LISTID) ? 1 : 0) + (counts.containsKey(TlvTypes.PAGE) ? 1 : 0)
                + (counts.containsKey(TlvTypes.PAGECOUNT) ? 1 : 0);
        if (paging != 0 && paging != 3) {
            violations.add(new Violation("paging_incomplete", "LISTID, PAGE and PAGECOUNT come together or not at all"));
        }
        OptionalLong page = message.uint(TlvTypes.PAGE);
        OptionalLong pages = message.uint(TlvTypes.PAGECOUNT);
        if (page.isPresent() && pages.isPresent() && (pages.getAsLong() < 1 || page.getAsLong() >= pages.getAsLong())) {
            violations.add(new Violation("page_out_of_range", "PAGE " + page.getAsLong() + " of PAGECOUNT " + pages.getAsLong()));
        }
        boolean afterExt = false;
        for (Tlv tlv : message.tlvs()) {
            int t = tlv.type();
            if (t == TlvTypes.CLIENTLIST_EXT) {
                afterExt = true;
            } else if ((t == TlvTypes.CLIENTLIST_INT || t == TlvTypes.CLIENTLIST_ID || t == TlvTypes.CLIENTLIST_NAT) && !afterExt) {
                violations.add(new Violation("orphan_entry_field", TlvTypes.nameOf(t) + " before any CLIENTLIST_EXT"));
            }
        }
    }
}
