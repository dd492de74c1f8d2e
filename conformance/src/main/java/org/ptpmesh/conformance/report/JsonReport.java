package org.ptpmesh.conformance.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.ptpmesh.conformance.pcap.CaptureValidation;
import org.ptpmesh.conformance.pcap.Finding;
import org.ptpmesh.conformance.pcap.PacketVerdict;
import org.ptpmesh.wire.json.WireJson;

/**
 * The machine report: {"valid":bool,"captures":[{"file","datagrams","violations","other_udp",
 * "packets":[{"frame","time","src","dst","len","kind","verdict","reasons":[{"code","detail"}],"notes"}]}]};
 * an opened SEALED datagram's packet also has "sealed":{"len","kind","verdict","reasons","notes"},
 * its inner datagram's.
 */
public final class JsonReport {

    private JsonReport() {
    }

    public static ObjectNode toJson(List<CaptureValidation> captures) {
        ObjectNode root = WireJson.MAPPER.createObjectNode();
        root.put("valid", captures.stream().allMatch(CaptureValidation::valid));
        ArrayNode files = root.putArray("captures");
        for (CaptureValidation c : captures) {
            ObjectNode file = files.addObject();
            file.put("file", c.file().toString());
            file.put("datagrams", c.packets().size());
            file.put("violations", c.violations());
            file.put("other_udp", c.otherUdp());
            ArrayNode packets = file.putArray("packets");
            for (PacketVerdict p : c.packets()) {
                packets.add(toJson(p));
            }
        }
        return root;
    }

    private static ObjectNode toJson(PacketVerdict p) {
        ObjectNode o = WireJson.MAPPER.createObjectNode();
        o.put("frame", p.frame());
        o.put("time", CaptureTime.iso(p.timestampMicros()));
        o.put("src", p.source().toString());
        o.put("dst", p.destination().toString());
        verdict(o, p.length(), p.kind(), p.violations(), p.notes());
        if (p.opened() != null) {
            PacketVerdict.Inner inner = p.opened();
            verdict(o.putObject("sealed"), inner.length(), inner.kind(), inner.violations(), inner.notes());
        }
        return o;
    }

    /** What a datagram is and what it breaks: "len", "kind", "verdict", "reasons" and "notes". */
    private static void verdict(ObjectNode o, int length, String kind, List<Finding> violations, List<String> notes) {
        o.put("len", length);
        o.put("kind", kind);
        o.put("verdict", violations.isEmpty() ? "valid" : "invalid");
        ArrayNode reasons = o.putArray("reasons");
        for (Finding f : violations) {
            reasons.addObject().put("code", f.code()).put("detail", f.detail());
        }
        ArrayNode noted = o.putArray("notes");
        notes.forEach(noted::add);
    }
}
