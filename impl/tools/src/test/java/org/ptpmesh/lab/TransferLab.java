package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Bulk transfers between public hosts of a {@link Lab}: one receiving host and some sending
 * hosts, each datagram its own packet, with {@code ptpmesh receive} and {@code ptpmesh send}
 * run as the packaged launcher in their namespaces, plain ({@code --legacy}): what is measured
 * is the transfer's behaviour through loss and a bottleneck, comparable with earlier runs. Files and outputs of the latest run stay
 * under {@code target/transfer-lab/NAME}.
 */
final class TransferLab implements AutoCloseable {

    private final Lab lab;
    private final LabHost receiver;
    private final List<LabHost> senders = new ArrayList<>();
    private final Path dir;

    private TransferLab(String name, int senderCount) throws IOException {
        this.dir = Path.of("target", "transfer-lab", name).toAbsolutePath();
        // an earlier run's received files and journals would make this one a resume, or no transfer at all
        deleteTree(dir);
        Files.createDirectories(dir);
        this.lab = Lab.create();
        try {
            this.receiver = lab.publicHost("recv");
            lab.onePacketPerDatagram(receiver);
            for (int i = 1; i <= senderCount; i++) {
                LabHost sender = lab.publicHost("send" + i);
                lab.onePacketPerDatagram(sender);
                senders.add(sender);
            }
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** A lab with one receiving host and {@code senderCount} sending hosts. */
    static TransferLab start(String name, int senderCount) throws IOException {
        return new TransferLab(name, senderCount);
    }

    Lab lab() {
        return lab;
    }

    LabHost receiver() {
        return receiver;
    }

    LabHost sender(int n) {
        return senders.get(n - 1);
    }

    /** A file of {@code mib} MiB of seeded pseudo-random bytes (no compression or pattern helps). */
    Path randomFile(String name, int mib, long seed) throws IOException {
        Path file = dir.resolve(name);
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        return file;
    }

    /** Starts {@code ptpmesh receive} on {@code port} of the receiving host, into a directory of its own; returns once it listens. */
    LaunchedTool receive(int port) throws IOException {
        Path into = Files.createDirectories(dir.resolve("in-" + port));
        LaunchedTool r = LaunchedTool.start(lab, receiver, dir, "receive-" + port, List.of(LaunchedTool.PTPMESH.toString(),
                "receive", "--dir", into.toString(), "--port", "" + port, "--bind", receiver.address().getHostAddress(),
                "--legacy", "--json", "--no-progress"));
        awaitListening(receiver, "-Hlun", port, r);
        return r;
    }

    /** Starts {@code ptpmesh send FILE} from sending host {@code n} to the receiver's {@code port}. */
    LaunchedTool send(int n, Path file, int port, String... options) {
        List<String> command = new ArrayList<>(List.of(LaunchedTool.PTPMESH.toString(), "send", file.toString(),
                "--to", receiver.address().getHostAddress() + ":" + port, "--legacy", "--json", "--no-progress"));
        command.addAll(List.of(options));
        return LaunchedTool.start(lab, sender(n), dir, "send-" + port, command);
    }

    /** Where the receiver on {@code port} stores {@code file}. */
    Path received(int port, Path file) {
        return dir.resolve("in-" + port).resolve(file.getFileName());
    }

    /** Starts an {@code iperf3} server for one test on the receiving host. */
    LaunchedTool iperfServer(int port) {
        LaunchedTool s = LaunchedTool.start(lab, receiver, dir, "iperf3-server", List.of("iperf3", "-s", "-1", "-p", "" + port));
        awaitListening(receiver, "-Hltn", port, s);
        return s;
    }

    /** Starts an {@code iperf3} TCP client on sending host {@code n} for at most {@code seconds}. */
    LaunchedTool iperfClient(int n, int port, int seconds) {
        return LaunchedTool.start(lab, sender(n), dir, "iperf3-client", List.of("iperf3", "-c",
                receiver.address().getHostAddress(), "-p", "" + port, "-t", "" + seconds));
    }

    Path dir() {
        return dir;
    }

    /** Whether {@code iperf3} can be run here (the TCP comparisons need it). */
    static boolean hasIperf3() {
        try {
            Commands.run("iperf3", "--version");
            return true;
        } catch (LabException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void awaitListening(LabHost host, String ssFlags, int port, LaunchedTool tool) {
        assertThat(Await.until(15_000, () -> !tool.isAlive()
                || !host.netns().exec("", "ss", ssFlags, "sport = :" + port).isBlank()))
                .as("something listens on port %d", port).isTrue();
        assertThat(tool.isAlive()).as(tool.output()).isTrue();
    }

    @Override
    public void close() {
        lab.close();
    }
}
