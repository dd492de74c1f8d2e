package org.ptpmesh.conformance.interop;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
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
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.ptpmesh.conformance.pcap.CaptureValidation;
import org.ptpmesh.conformance.pcap.CaptureValidator;
import org.ptpmesh.conformance.pcap.Finding;
import org.ptpmesh.conformance.pcap.PacketVerdict;
import org.ptpmesh.conformance.pcap.ValidationOptions;
import org.ptpmesh.conformance.report.TextReport;

/**
 * Runs one case on loopback for one pair: allocates ports, records the case's traffic, starts
 * the introducers (waiting for their {"ready":true}), then the peers, collects their results,
 * stops everything it started, validates the capture, and judges.
 */
final class CaseRunner {

    private static final long READY_MILLIS = 20_000;
    private static final long GRACE_MILLIS = 10_000;
    private static final long DRAIN_MILLIS = 300;
    private static final byte[] ID_A = HexFormat.of().parseHex("0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a");
    private static final byte[] ID_B = HexFormat.of().parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");

    private final Path outDir;
    private final int timeoutSeconds;
    private final boolean capture;

    CaseRunner(Path outDir, int timeoutSeconds, boolean capture) {
        this.outDir = outDir;
        this.timeoutSeconds = timeoutSeconds;
        this.capture = capture;
    }

    CaseOutcome run(InteropCase c, Implementation tested, Implementation counterpart) throws IOException, InterruptedException {
        long started = System.currentTimeMillis();
        if (!c.runsOnLoopback()) {
            return new CaseOutcome(c, tested.name(), counterpart.name(), Verdict.NEEDS_LAB,
                    "needs real NATs or loss: run it in the NAT lab", null, 0, 0, 0);
        }
        Path dir = outDir.resolve(tested.name() + "-x-" + counterpart.name()).resolve(c.caseName());
        Files.createDirectories(dir);
        Plan plan = Plan.of(c, dir);
        Path pcap = dir.resolve("capture.pcap");
        LoopbackRecorder recorder = capture ? LoopbackRecorder.start(pcap, plan.ports) : null;
        List<RoleProcess> running = new ArrayList<>();
        Map<Role, RoleResult> results = new EnumMap<>(Role.class);
        Optional<String> setupProblem;
        try {
            setupProblem = runRoles(c, plan, tested, counterpart, dir, running, results);
        } finally {
            for (RoleProcess p : running) {
                RoleResult r = p.stop();
                results.putIfAbsent(p.role(), r);
            }
            if (recorder != null) {
                Thread.sleep(DRAIN_MILLIS);
                closeRecorder(recorder);
            }
        }
        long millis = System.currentTimeMillis() - started;
        if (results.values().stream().anyMatch(RoleResult::unsupported)) {
            String who = results.values().stream().filter(RoleResult::unsupported).map(r -> r.role().wireName() + ": " + r.stderrTail())
                    .findFirst().orElse("");
            return new CaseOutcome(c, tested.name(), counterpart.name(), Verdict.UNSUPPORTED, who, null, 0, 0, millis);
        }
        Optional<String> problem = setupProblem.or(() -> c.judge(results, plan.fileSha256));
        if (!capture) {
            return outcome(c, tested, counterpart, problem, null, 0, 0, millis);
        }
        CaptureValidation v = new CaptureValidator(ValidationOptions.defaults().withPorts(plan.ports)).validate(pcap);
        writeReport(dir, v);
        if (problem.isEmpty() && v.packets().isEmpty()) {
            problem = Optional.of("the capture holds no ptpmesh datagram");
        }
        if (problem.isEmpty() && !v.valid()) {
            PacketVerdict first = v.packets().stream().filter(p -> !p.valid()).findFirst().orElseThrow();
            Finding f = first.violations().get(0);
            problem = Optional.of("capture: " + v.violations() + " invalid datagram(s), first frame " + first.frame() + " " + f);
        }
        return outcome(c, tested, counterpart, problem, pcap, v.packets().size(), v.violations(), millis);
    }

    private Optional<String> runRoles(InteropCase c, Plan plan, Implementation tested, Implementation counterpart, Path dir,
                                      List<RoleProcess> running, Map<Role, RoleResult> results)
            throws IOException, InterruptedException {
        for (int i = 0; i < plan.introducers.size(); i++) {
            RoleProcess intro = RoleProcess.start(Role.INTRODUCER, counterpart.command(),
                    env(c, plan, Role.INTRODUCER, plan.introducers.get(i), dir.resolve("introducer-" + (i + 1))), dir.resolve("introducer-" + (i + 1)));
            running.add(intro);
            if (!intro.awaitReady(READY_MILLIS)) {
                RoleResult r = intro.stop();
                results.put(Role.INTRODUCER, r);
                return Optional.of("introducer " + (i + 1) + " never printed {\"ready\":true}: " + r.problem());
            }
        }
        long peerMillis = (timeoutSeconds + GRACE_MILLIS / 1000) * 1000L;
        RoleProcess peerB = null;
        if (c.hasPeerB()) {
            peerB = RoleProcess.start(Role.PEER_B, counterpart.command(), env(c, plan, Role.PEER_B, plan.peerB, dir.resolve("peer-b")),
                    dir.resolve("peer-b"));
            running.add(peerB);
            if (c.peerBFirst() && !peerB.awaitReady(READY_MILLIS)) {
                results.put(Role.PEER_B, peerB.stop());
                return Optional.of("peer-b never printed {\"ready\":true}: " + results.get(Role.PEER_B).problem());
            }
        }
        RoleProcess peerA = RoleProcess.start(Role.PEER_A, tested.command(), env(c, plan, Role.PEER_A, plan.peerA, dir.resolve("peer-a")),
                dir.resolve("peer-a"));
        running.add(peerA);
        if (peerB != null && c.silencePeerBAfterMillis() >= 0) {
            Thread.sleep(c.silencePeerBAfterMillis());
            peerB.kill();
            results.put(Role.PEER_B, new RoleResult(Role.PEER_B, 0, null, "", true));
        }
        results.put(Role.PEER_A, peerA.await(peerMillis));
        if (peerB != null && !results.containsKey(Role.PEER_B)) {
            results.put(Role.PEER_B, peerB.await(peerMillis));
        }
        return Optional.empty();
    }

    private Map<String, String> env(InteropCase c, Plan plan, Role role, String bind, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Map<String, String> env = new HashMap<>();
        env.put(AdapterContract.CASE, c.caseName());
        env.put(AdapterContract.ROLE, role.wireName());
        env.put(AdapterContract.BIND, bind);
        env.put(AdapterContract.WORKDIR, workDir.toAbsolutePath().toString());
        env.put(AdapterContract.TIMEOUT, Integer.toString(timeoutSeconds));
        env.put(AdapterContract.EXPIRY, Integer.toString(c.expirySeconds()));
        env.put(AdapterContract.NETWORK, "loopback");
        env.put(AdapterContract.INTRODUCERS, String.join(",", plan.introducers));
        if (c == InteropCase.RELAY) {
            env.put(AdapterContract.FORCE_RELAY, "1");
        }
        if (role != Role.INTRODUCER) {
            boolean a = role == Role.PEER_A;
            env.put(AdapterContract.ID, HexFormat.of().formatHex(a ? ID_A : ID_B));
            env.put(AdapterContract.TEST_PORT, Integer.toString(a ? plan.testPortA : plan.testPortB));
            if (plan.peerB != null) {
                env.put(AdapterContract.PEER, a ? plan.peerB : plan.peerA);
                env.put(AdapterContract.PEER_ID, HexFormat.of().formatHex(a ? ID_B : ID_A));
            }
            if (plan.file != null) {
                env.put(AdapterContract.FILE, plan.file.toAbsolutePath().toString());
            }
        }
        return env;
    }

    private static CaseOutcome outcome(InteropCase c, Implementation tested, Implementation counterpart, Optional<String> problem,
                                       Path pcap, int datagrams, long violations, long millis) {
        return new CaseOutcome(c, tested.name(), counterpart.name(), problem.isPresent() ? Verdict.FAIL : Verdict.PASS,
                problem.orElse(""), pcap, datagrams, violations, millis);
    }

    private static void writeReport(Path dir, CaptureValidation v) throws IOException {
        StringWriter text = new StringWriter();
        TextReport.write(List.of(v), false, new PrintWriter(text));
        Files.writeString(dir.resolve("capture-report.txt"), text.toString(), StandardCharsets.UTF_8);
    }

    private static void closeRecorder(LoopbackRecorder recorder) throws InterruptedException {
        try {
            recorder.close();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the capture thread failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Addresses and ports of one case's roles, and the file a transfer sends. */
    private record Plan(List<String> introducers, String peerA, int testPortA, String peerB, int testPortB, Set<Integer> ports, Path file,
                        String fileSha256) {

        static Plan of(InteropCase c, Path dir) throws IOException {
            InetAddress lo1 = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            InetAddress lo2 = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
            Set<Integer> ports = new LinkedHashSet<>();
            List<String> introducers = new ArrayList<>();
            for (int i = 0; i < c.introducers(); i++) {
                InetAddress host = i == 0 ? lo1 : lo2;
                int p = LoopbackPorts.freePair(host);
                ports.add(p);
                ports.add(p + 1);
                introducers.add(host.getHostAddress() + ":" + p);
            }
            int a = LoopbackPorts.free(lo1);
            int test = LoopbackPorts.free(lo1);
            ports.add(a);
            ports.add(test);
            String peerB = null;
            int testB = 0;
            if (c.hasPeerB()) {
                int b = LoopbackPorts.free(lo1);
                testB = LoopbackPorts.free(lo1);
                ports.add(b);
                ports.add(testB);
                peerB = "127.0.0.1:" + b;
            }
            Path file = null;
            String sha = "";
            if (c == InteropCase.TRANSFER || c == InteropCase.TRANSFER_LOSS) {
                file = dir.resolve("object.bin");
                byte[] bytes = new byte[256 * 1024];
                new java.util.Random(7).nextBytes(bytes);
                Files.write(file, bytes);
                try {
                    sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException("every JDK has SHA-256", e);
                }
            }
            return new Plan(introducers, "127.0.0.1:" + a, test, peerB, testB, ports, file, sha);
        }
    }
}
