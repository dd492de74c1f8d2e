package org.ptpmesh.conformance.interop;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.ptpmesh.conformance.pcap.CaptureValidation;
import org.ptpmesh.conformance.pcap.CaptureValidator;
import org.ptpmesh.conformance.pcap.Finding;
import org.ptpmesh.conformance.pcap.PacketVerdict;
import org.ptpmesh.conformance.report.TextReport;

/**
 * Runs one case for one pair, on loopback or in a NAT lab built for it: sets up the network
 * (which records the case's traffic), starts the introducers (waiting for their
 * {"ready":true}), then the peers, collects their results, stops everything it started, tears
 * the network down, validates the captures, and judges.
 */
final class CaseRunner {

    /** The least time an introducer or a listening peer-b gets to print {"ready":true}; a longer --timeout gives them that. */
    private static final long READY_MILLIS = 20_000;
    private static final long GRACE_MILLIS = 10_000;
    private static final byte[] ID_A = HexFormat.of().parseHex("0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a");
    private static final byte[] ID_B = HexFormat.of().parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");

    private final Path outDir;
    private final int timeoutSeconds;
    private final boolean capture;
    private final boolean lab;
    private final boolean ipv6;

    /**
     * @param lab  run every case in a NAT lab of its own (root only) instead of on loopback
     * @param ipv6 on loopback, run on ::1 instead of 127.0.0.1
     */
    CaseRunner(Path outDir, int timeoutSeconds, boolean capture, boolean lab, boolean ipv6) {
        this.outDir = outDir;
        this.timeoutSeconds = timeoutSeconds;
        this.capture = capture;
        this.lab = lab;
        this.ipv6 = ipv6;
    }

    CaseOutcome run(InteropCase c, Implementation tested, Implementation counterpart) throws IOException, InterruptedException {
        long started = System.currentTimeMillis();
        if (!lab && !c.runsOnLoopback()) {
            return new CaseOutcome(c, tested.name(), counterpart.name(), InteropVerdict.NEEDS_LAB,
                    "needs real NATs: run it in the NAT lab (--lab)", null, 0, 0, 0);
        }
        if (ipv6 && !c.runsOnIpv6Loopback()) {
            return new CaseOutcome(c, tested.name(), counterpart.name(), InteropVerdict.NEEDS_TWO_ADDRESSES,
                    "its introducers need two addresses, and IPv6 loopback has only ::1", null, 0, 0, 0);
        }
        Path dir = outDir.resolve(tested.name() + "-x-" + counterpart.name()).resolve(c.caseName());
        Files.createDirectories(dir);
        Map<Role, RoleResult> results = new EnumMap<>(Role.class);
        Staged staged;
        CaseNetwork network = lab ? LabNetwork.build(c, dir, capture) : LoopbackNetwork.build(c, dir, capture, ipv6);
        CasePlan plan = network.plan();
        List<RoleProcess> running = new ArrayList<>();
        try {
            staged = runRoles(c, plan, tested, counterpart, dir, running, results);
        } finally {
            try {
                for (RoleProcess p : running) {
                    results.putIfAbsent(p.role(), p.stop());
                }
            } finally {
                network.close();
            }
        }
        long millis = System.currentTimeMillis() - started;
        OptionalLong departure = staged.departureMillis();
        String note = departure.isPresent() && departure.getAsLong() >= 0
                ? join(network.summary(), "peer-b reported peer-a gone " + departure.getAsLong() + " ms after it was told to leave")
                : network.summary();
        if (results.values().stream().anyMatch(RoleResult::unsupported)) {
            String who = results.values().stream().filter(RoleResult::unsupported).map(r -> r.role().wireName() + ": " + r.stderrTail())
                    .findFirst().orElse("");
            return new CaseOutcome(c, tested.name(), counterpart.name(), InteropVerdict.UNSUPPORTED, who, null, 0, 0, millis);
        }
        Optional<String> problem = staged.problem().or(() -> c.judge(results,
                new InteropCase.Facts(plan.fileSha256(), plan.expectedNat(), departure)));
        if (!capture) {
            return outcome(c, tested, counterpart, problem, note, null, 0, 0, millis);
        }
        int datagrams = 0;
        long violations = 0;
        Set<String> kinds = new LinkedHashSet<>();
        Optional<String> captureProblem = Optional.empty();
        for (Path pcap : network.captures()) {
            CaptureValidation v = new CaptureValidator(network.validation()).validate(pcap);
            writeReport(pcap, v);
            datagrams += v.packets().size();
            violations += v.violations();
            v.packets().stream().map(PacketVerdict::kind).filter(k -> k != null).forEach(kinds::add);
            if (captureProblem.isEmpty() && v.packets().isEmpty()) {
                captureProblem = Optional.of(pcap.getFileName() + " holds no ptpmesh datagram");
            }
            if (captureProblem.isEmpty() && !v.valid()) {
                PacketVerdict first = v.packets().stream().filter(p -> !p.valid()).findFirst().orElseThrow();
                Finding f = first.violations().get(0);
                captureProblem = Optional.of(pcap.getFileName() + ": " + v.violations() + " invalid datagram(s), first frame "
                        + first.frame() + " " + f);
            }
        }
        Optional<String> captureProblemFinal = captureProblem;
        problem = problem.or(() -> captureProblemFinal).or(() -> c.captureProblem(kinds));
        Path first = network.captures().isEmpty() ? null : network.captures().get(0);
        return outcome(c, tested, counterpart, problem, note, first, datagrams, violations, millis);
    }

    /**
     * How the roles went before judging.
     *
     * @param problem         why the case could not be staged (a role never got ready), empty when it could
     * @param departureMillis departure: how long after peer-a was told to leave peer-b reported it gone
     */
    private record Staged(Optional<String> problem, OptionalLong departureMillis) {

        static Staged failed(String problem) {
            return new Staged(Optional.of(problem), OptionalLong.empty());
        }
    }

    private Staged runRoles(InteropCase c, CasePlan plan, Implementation tested, Implementation counterpart, Path dir,
                            List<RoleProcess> running, Map<Role, RoleResult> results)
            throws IOException, InterruptedException {
        for (int i = 0; i < plan.introducers().size(); i++) {
            Path work = dir.resolve("introducer-" + (i + 1));
            RoleSite site = plan.introducers().get(i);
            RoleProcess intro = RoleProcess.start(Role.INTRODUCER, counterpart.command(), site.netns(),
                    env(c, plan, Role.INTRODUCER, site, work), work);
            running.add(intro);
            if (!intro.awaitReady(readyMillis())) {
                RoleResult r = intro.stop();
                results.put(Role.INTRODUCER, r);
                return Staged.failed("introducer " + (i + 1) + " never printed {\"ready\":true}: " + r.problem());
            }
        }
        // a peer waiting to list the other (departure, keepalive-expiry) gives up after PTP_TIMEOUT
        // and says so: its ready waits get the grace on top too, so its own reason comes through
        long peerMillis = (timeoutSeconds + GRACE_MILLIS / 1000) * 1000L;
        RoleProcess peerB = null;
        if (c.hasPeerB()) {
            peerB = RoleProcess.start(Role.PEER_B, counterpart.command(), plan.peerB().netns(),
                    env(c, plan, Role.PEER_B, plan.peerB(), dir.resolve("peer-b")), dir.resolve("peer-b"));
            running.add(peerB);
            if (c.peerBFirst() && !peerB.awaitReady(readyMillis())) {
                results.put(Role.PEER_B, peerB.stop());
                return Staged.failed("peer-b never printed {\"ready\":true}: " + results.get(Role.PEER_B).problem());
            }
        }
        RoleProcess peerA = RoleProcess.start(Role.PEER_A, tested.command(), plan.peerA().netns(),
                env(c, plan, Role.PEER_A, plan.peerA(), dir.resolve("peer-a")), dir.resolve("peer-a"));
        running.add(peerA);
        OptionalLong departure = OptionalLong.empty();
        if (c.peerALeaves()) {
            if (!peerA.awaitReady(peerMillis)) {
                results.put(Role.PEER_A, peerA.stop());
                return Staged.failed("peer-a never printed {\"ready\":true} (listing peer-b): " + results.get(Role.PEER_A).problem());
            }
            departure = depart(peerA, peerB, peerMillis);
        }
        if (peerB != null && c.silencesPeerB()) {
            if (!peerB.awaitReady(peerMillis)) {
                results.put(Role.PEER_B, peerB.stop());
                return Staged.failed("peer-b never printed {\"ready\":true} (listing peer-a): " + results.get(Role.PEER_B).problem());
            }
            peerB.kill();
            results.put(Role.PEER_B, new RoleResult(Role.PEER_B, 0, null, "", true));
        }
        results.put(Role.PEER_A, peerA.await(peerMillis));
        if (peerB != null && !results.containsKey(Role.PEER_B)) {
            results.put(Role.PEER_B, peerB.await(peerMillis));
        }
        return new Staged(Optional.empty(), departure);
    }

    /**
     * Tells peer-a to leave once peer-b lists it too (its {"ready":true}), and times peer-b's
     * report from that moment: negative when peer-b had reported before, empty when it did not
     * within {@code waitMillis}. A server lists a newcomer to each client on that client's own
     * schedule, so peer-a can list peer-b before peer-b lists peer-a; leaving then would be a
     * departure peer-b could never see.
     */
    private static OptionalLong depart(RoleProcess peerA, RoleProcess peerB, long waitMillis) throws IOException, InterruptedException {
        // not ready (it gave up or exited): its result says why
        peerB.awaitReady(waitMillis);
        boolean early = peerB.awaitResultLine(0) >= 0;
        long left = System.currentTimeMillis();
        peerA.leave();
        if (early) {
            return OptionalLong.of(-1);
        }
        long seen = peerB.awaitResultLine(waitMillis);
        return seen < 0 ? OptionalLong.empty() : OptionalLong.of(seen - left);
    }

    /** On a busy machine a JVM may take most of 20 s to start: --timeout raises the ready wait too. */
    private long readyMillis() {
        return Math.max(READY_MILLIS, timeoutSeconds * 1000L);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "; " + b;
    }

    private Map<String, String> env(InteropCase c, CasePlan plan, Role role, RoleSite site, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Map<String, String> env = new HashMap<>();
        env.put(AdapterContract.CASE, c.caseName());
        env.put(AdapterContract.ROLE, role.wireName());
        env.put(AdapterContract.BIND, site.bind());
        env.put(AdapterContract.WORKDIR, workDir.toAbsolutePath().toString());
        env.put(AdapterContract.TIMEOUT, Integer.toString(timeoutSeconds));
        env.put(AdapterContract.EXPIRY, Integer.toString(c.expirySeconds()));
        env.put(AdapterContract.NETWORK, plan.network());
        env.put(AdapterContract.INTRODUCERS, String.join(",", plan.introducers().stream().map(RoleSite::bind).toList()));
        if (c == InteropCase.RELAY) {
            env.put(AdapterContract.FORCE_RELAY, "1");
        }
        if (role != Role.INTRODUCER) {
            boolean a = role == Role.PEER_A;
            env.put(AdapterContract.ID, HexFormat.of().formatHex(a ? ID_A : ID_B));
            env.put(AdapterContract.TEST_PORT, Integer.toString(site.testPort()));
            if (plan.peerB() != null) {
                env.put(AdapterContract.PEER, a ? plan.peerAddressForA() : plan.peerA().bind());
                env.put(AdapterContract.PEER_ID, HexFormat.of().formatHex(a ? ID_B : ID_A));
            }
            if (plan.file() != null) {
                env.put(AdapterContract.FILE, plan.file().toAbsolutePath().toString());
            }
        }
        return env;
    }

    /** @param note what the network did (the lab's layout, a loss relay's drops): the reason of a pass, added to a failure's */
    private static CaseOutcome outcome(InteropCase c, Implementation tested, Implementation counterpart, Optional<String> problem,
                                       String note, Path pcap, int datagrams, long violations, long millis) {
        String reason = problem.map(p -> note.isEmpty() ? p : p + " (" + note + ")").orElse(note);
        return new CaseOutcome(c, tested.name(), counterpart.name(), problem.isPresent() ? InteropVerdict.FAIL : InteropVerdict.PASS,
                reason, pcap, datagrams, violations, millis);
    }

    /** capture.pcap's report is capture-report.txt, capture-a.pcap's capture-a-report.txt. */
    private static void writeReport(Path pcap, CaptureValidation v) throws IOException {
        StringWriter text = new StringWriter();
        TextReport.write(List.of(v), false, new PrintWriter(text));
        String name = pcap.getFileName().toString().replaceFirst("\\.pcap$", "-report.txt");
        Files.writeString(pcap.resolveSibling(name), text.toString(), StandardCharsets.UTF_8);
    }
}
