package org.ptpmesh.conformance.pcap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.portmap.PortMapDefaults;

/**
 * The field rules of the port-mapping protocols a peer speaks with its gateway on port 5351:
 * PCP (RFC 6887 sections 7 and 11) and NAT-PMP (RFC 6886 section 3). A datagram is told apart by
 * its version byte (2: PCP, 0: NAT-PMP) and its direction by the port: to 5351 a request, from
 * it an answer. Each broken rule is a finding with a stable {@code pcp_*} or {@code natpmp_*} code.
 */
final class PortMappingCheck {

    private static final int PORT = PortMapDefaults.GATEWAY_PORT;
    private static final int PCP_HEADER = 24;
    private static final int PCP_MAX = 1100;
    private static final int PCP_RESPONSE_BIT = 0x80;
    /** Opcode data sizes, RFC 6887 sections 14.1 (ANNOUNCE) 11.1 (MAP) and 12.1 (PEER). */
    private static final int[] PCP_OPCODE_DATA = {0, 36, 56};
    private static final int PCP_LAST_RESULT = 13;
    private static final int NATPMP_LAST_RESULT = 5;

    private PortMappingCheck() {
    }

    /** Checks one datagram to or from port 5351; {@code request} when it went to that port. */
    static DatagramCheck.Outcome check(byte[] p, boolean request) {
        List<Finding> found = new ArrayList<>();
        if (p.length < 2) {
            found.add(new Finding("portmap_truncated", p.length + " bytes: not even a version and an opcode"));
            return new DatagramCheck.Outcome(null, "PORTMAP", found, List.of());
        }
        int version = p[0] & 0xff;
        if (version == 2) {
            return pcp(p, request, found);
        }
        if (version == 0) {
            return natPmp(p, request, found);
        }
        found.add(new Finding("portmap_version", "version " + version + " is neither PCP's 2 nor NAT-PMP's 0"));
        return new DatagramCheck.Outcome(null, "PORTMAP", found, List.of());
    }

    private static DatagramCheck.Outcome pcp(byte[] p, boolean request, List<Finding> found) {
        int opcode = p[1] & 0x7f;
        boolean response = (p[1] & PCP_RESPONSE_BIT) != 0;
        String kind = "PCP " + (opcode < PCP_OPCODE_DATA.length ? new String[] {"ANNOUNCE", "MAP", "PEER"}[opcode] : "opcode " + opcode)
                + (response ? " response" : " request");
        if (response == request) {
            found.add(new Finding("pcp_direction", (response ? "a response sent to" : "a request sent from") + " port " + PORT));
        }
        if (p.length < PCP_HEADER || p.length > PCP_MAX || p.length % 4 != 0) {
            found.add(new Finding("pcp_length", p.length + " bytes: a PCP message is 24 to 1100 bytes, a multiple of 4"));
            return new DatagramCheck.Outcome(null, kind, found, List.of());
        }
        if (opcode < PCP_OPCODE_DATA.length && p.length < PCP_HEADER + PCP_OPCODE_DATA[opcode]) {
            found.add(new Finding("pcp_length", p.length + " bytes: " + kind + " needs " + (PCP_HEADER + PCP_OPCODE_DATA[opcode])));
            return new DatagramCheck.Outcome(null, kind, found, List.of());
        }
        ByteBuffer b = ByteBuffer.wrap(p);
        if (response) {
            int result = p[3] & 0xff;
            if (p[2] != 0) {
                found.add(new Finding("pcp_reserved", "the response's reserved byte is " + (p[2] & 0xff) + ", not 0"));
            }
            if (result > PCP_LAST_RESULT) {
                found.add(new Finding("pcp_result", "result code " + result + " is none of RFC 6887's 0-13"));
            }
        } else if (b.getShort(2) != 0) {
            found.add(new Finding("pcp_reserved", "the request's reserved bytes are not 0"));
        }
        if (opcode == 1 || opcode == 2) {
            int protocol = p[36] & 0xff;
            int internalPort = b.getShort(40) & 0xffff;
            if (p[37] != 0 || p[38] != 0 || p[39] != 0) {
                found.add(new Finding("pcp_reserved", "the opcode's reserved bytes are not 0"));
            }
            if (internalPort == 0 && protocol != 0) {
                found.add(new Finding("pcp_port", "internal port 0 (all ports) is only for protocol 0, here " + protocol));
            }
        }
        return new DatagramCheck.Outcome(null, kind, found, List.of());
    }

    private static DatagramCheck.Outcome natPmp(byte[] p, boolean request, List<Finding> found) {
        int opcode = p[1] & 0xff;
        boolean response = opcode >= 128;
        int op = opcode & 0x7f;
        String kind = "NAT-PMP " + (op == 0 ? "address" : op == 1 ? "UDP mapping" : op == 2 ? "TCP mapping" : "opcode " + op)
                + (response ? " response" : " request");
        if (response == request) {
            found.add(new Finding("natpmp_direction", (response ? "a response sent to" : "a request sent from") + " port " + PORT));
        }
        if (op > 2) {
            found.add(new Finding("natpmp_opcode", "opcode " + op + " is none of RFC 6886's 0, 1, 2"));
            return new DatagramCheck.Outcome(null, kind, found, List.of());
        }
        int expected = response ? (op == 0 ? 12 : 16) : (op == 0 ? 2 : 12);
        if (p.length != expected && !(response && p.length >= 8 && result(p) != 0)) {
            found.add(new Finding("natpmp_length", p.length + " bytes: " + kind + " is " + expected));
            return new DatagramCheck.Outcome(null, kind, found, List.of());
        }
        if (response && result(p) > NATPMP_LAST_RESULT) {
            found.add(new Finding("natpmp_result", "result code " + result(p) + " is none of RFC 6886's 0-5"));
        }
        if (!response && op != 0 && (p[2] != 0 || p[3] != 0)) {
            found.add(new Finding("natpmp_reserved", "the request's reserved bytes are not 0"));
        }
        return new DatagramCheck.Outcome(null, kind, found, List.of());
    }

    private static int result(byte[] p) {
        return p.length < 4 ? 0 : ((p[2] & 0xff) << 8) | (p[3] & 0xff);
    }
}
