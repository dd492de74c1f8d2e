package org.ptpmesh.conformance.pcap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.pcap.CaptureReader;
import org.ptpmesh.pcap.CapturedDatagram;
import org.ptpmesh.portmap.PortMapDefaults;

/**
 * Validates a pcap or pcapng capture: selects ptpmesh's datagrams, checks each alone through the
 * reference codec and receiver rules ({@link DatagramCheck}), then checks the flows across them.
 * A SEALED datagram whose key is in the key log is opened, and its inner datagram is checked
 * alone and by the flow checks in its place. A peer's PCP and NAT-PMP datagrams to and from its gateway are checked by their RFCs' rules
 * ({@link PortMappingCheck}) and take no part in the flows.
 */
public final class CaptureValidator {

    private final ValidationOptions options;
    private final SealKeys keys;

    public CaptureValidator(ValidationOptions options) {
        this(options, SealKeys.NONE);
    }

    /** @param keys opens the SEALED datagrams it has keys for (docs/protocol.md 6.9, "Key log") */
    public CaptureValidator(ValidationOptions options, SealKeys keys) {
        this.options = options;
        this.keys = keys;
    }

    /**
     * @throws CaptureReader.CaptureException when the file cannot be read as a capture
     */
    public CaptureValidation validate(Path file) {
        List<CapturedDatagram> udp = CaptureReader.read(file, port -> true);
        List<CapturedDatagram> ours = new TrafficSelector(options).select(udp);
        return validate(file, ours, udp.size() - ours.size());
    }

    /** Validates datagrams already picked out of a capture, in capture order. */
    public CaptureValidation validate(Path file, List<CapturedDatagram> datagrams, int otherUdp) {
        List<List<Finding>> violations = new ArrayList<>();
        List<List<String>> notes = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<PacketVerdict.Inner> opened = new ArrayList<>();
        FindingSink sink = new FindingSink() {
            @Override
            public void violation(int index, Finding finding) {
                violations.get(index).add(finding);
            }

            @Override
            public void note(int index, String note) {
                notes.get(index).add(note);
            }
        };
        List<FlowCheck> flowChecks = List.of(new TimestampEchoCheck(), new ListPagesCheck(),
                new ProbeBudgetCheck(options.maxProbesPerAttempt()),
                new KeepaliveIntervalCheck(options.keepaliveMinMillis(), options.keepaliveMaxMillis()));
        long end = 0;
        for (int i = 0; i < datagrams.size(); i++) {
            CapturedDatagram d = datagrams.get(i);
            DatagramCheck.Outcome outcome = TrafficSelector.isPortMapping(d)
                    ? PortMappingCheck.check(d.payload(), d.destination().port() == PortMapDefaults.GATEWAY_PORT)
                    : DatagramCheck.check(d.payload(), keys);
            violations.add(new ArrayList<>(outcome.violations()));
            notes.add(new ArrayList<>(outcome.notes()));
            kinds.add(outcome.kind());
            opened.add(outcome.inner() == null ? null : new PacketVerdict.Inner(outcome.inner().kind(), outcome.innerLength(),
                    outcome.inner().violations(), outcome.inner().notes()));
            end = Math.max(end, d.timestampMicros());
            if (outcome.message() != null) {
                Observed observed = new Observed(i, d, outcome.observed());
                flowChecks.forEach(c -> c.observe(observed, sink));
            }
        }
        for (FlowCheck c : flowChecks) {
            c.finish(end, sink);
        }
        List<PacketVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < datagrams.size(); i++) {
            CapturedDatagram d = datagrams.get(i);
            verdicts.add(new PacketVerdict(d.frame(), d.timestampMicros(), d.source(), d.destination(), d.payload().length,
                    kinds.get(i), violations.get(i), notes.get(i), opened.get(i)));
        }
        return new CaptureValidation(file, verdicts, otherUdp);
    }
}
