package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.ErrorCode;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/**
 * Names a stranger sends to receive and serve on 127.0.0.1: refused with CANCEL UNSAFE_NAME, and
 * nothing they carry (escape sequences, C1 controls, bidirectional overrides) reaches the
 * operator's terminal raw.
 */
class HostileNamesCommandTest {

    private static final String[] HOSTILE = {"invoice\u202efdp.exe", "title\u001b]0;owned\u0007", "csi\u009b2J.bin",
        "nel\u0085x", "a\u2215b", "iso\u2066late"};

    @TempDir
    Path root;

    private final ExecutorService pool = Executors.newFixedThreadPool(1);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path dir;
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createDirectories(root.resolve("dir"));
        port = LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** What a terminal must not get raw; the line breaks of the output itself aside. */
    private static boolean raw(int c) {
        return (c < 0x20 && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e
                || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
    }

    private void start(Object command, String... args) {
        // the stranger speaks plain, as a ptptest 2014 peer does: only a --legacy end hears it
        String[] all = Arrays.copyOf(new String[] {"--dir", dir.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
            "--legacy"}, 7 + args.length);
        System.arraycopy(args, 0, all, 7, args.length);
        pool.submit(() -> Cli.commandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all));
    }

    private static Message.Builder transferMessage(MessageKind kind, long xferId, String name) {
        return new Message.Builder().uint(TlvTypes.MSGKIND, kind.code(), 1).bytes(TlvTypes.UUID, new byte[] {
            9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}).uint(TlvTypes.XFERID, xferId, 4).text(TlvTypes.OBJNAME, name);
    }

    private static byte[] offer(long xferId, String name) {
        return offer(xferId, name, new byte[16]);
    }

    private static byte[] offer(long xferId, String name, byte[] cookie) {
        return Codec.encode(transferMessage(MessageKind.OFFER, xferId, name).uint(TlvTypes.OBJSIZE, 1000, 8)
                .uint(TlvTypes.BLOCKSIZE, 100, 2).bytes(TlvTypes.SHA256, new byte[32]).uint(TlvTypes.XFERMODE, 0, 1)
                .bytes(TlvTypes.HASHROOT, new byte[32]).bytes(TlvTypes.XFERCOOKIE, cookie).build());
    }

    private static byte[] fetch(long xferId, String name) {
        return fetch(xferId, name, new byte[16]);
    }

    private static byte[] fetch(long xferId, String name, byte[] cookie) {
        return Codec.encode(transferMessage(MessageKind.FETCH, xferId, name).bytes(TlvTypes.XFERCOOKIE, cookie).build());
    }

    /** {@code datagram} (an OFFER or FETCH) again, with the cookie a RETRY gave. */
    private static byte[] withCookie(byte[] datagram, byte[] cookie) {
        Message m = message(datagram);
        long xferId = m.uint(TlvTypes.XFERID).getAsLong();
        String name = m.text(TlvTypes.OBJNAME).orElseThrow();
        return m.kind() == MessageKind.OFFER ? offer(xferId, name, cookie) : fetch(xferId, name, cookie);
    }

    /**
     * Sends each datagram from a stranger's socket, again until it is answered (the command may
     * still be starting); returns the ERRCODE of the CANCEL answering each.
     */
    private List<Long> answers(List<byte[]> datagrams) throws Exception {
        List<Long> codes = new ArrayList<>();
        try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            stranger.setSoTimeout(200);
            for (byte[] d : datagrams) {
                long xferId = message(d).uint(TlvTypes.XFERID).getAsLong();
                byte[] answer = null;
                for (int attempt = 0; answer == null; attempt++) {
                    assertThat(attempt).as("answered within 10 s").isLessThan(50);
                    stranger.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), port));
                    answer = answerTo(stranger, xferId);
                    if (answer != null && message(answer).kind() == MessageKind.RETRY) {
                        // a FETCH is looked at once the stranger's address is validated: echo the cookie
                        assertThat(answer.length).as("never more bytes out than in").isLessThanOrEqualTo(d.length);
                        d = withCookie(d, message(answer).bytes(TlvTypes.XFERCOOKIE).orElseThrow());
                        answer = null;
                    }
                }
                assertThat(answer.length).as("never more bytes out than in").isLessThanOrEqualTo(d.length);
                Message m = message(answer);
                assertThat(m.kind()).isEqualTo(MessageKind.CANCEL);
                codes.add(m.uint(TlvTypes.ERRCODE).getAsLong());
            }
        }
        return codes;
    }

    private static Message message(byte[] datagram) {
        return ((DecodeResult.Decoded) Codec.decode(datagram)).message();
    }

    /** The answer to transfer {@code xferId}, skipping answers to earlier datagrams sent again; null after 200 ms of silence. */
    private static byte[] answerTo(DatagramSocket socket, long xferId) throws Exception {
        DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
        while (true) {
            try {
                socket.receive(answer);
            } catch (SocketTimeoutException silent) {
                return null;
            }
            byte[] bytes = Arrays.copyOf(answer.getData(), answer.getLength());
            if (message(bytes).uint(TlvTypes.XFERID).getAsLong() == xferId) {
                return bytes;
            }
        }
    }

    private void awaitLines(StringWriter w, String text, int count) throws InterruptedException {
        for (int i = 0; i < 50 && w.toString().split(text, -1).length - 1 < count; i++) {
            Thread.sleep(100);
        }
    }

    private void assertNothingRaw() {
        assertThat((out.toString() + err).codePoints().filter(HostileNamesCommandTest::raw).toArray())
                .as("stdout: %s%nstderr: %s", out, err).isEmpty();
    }

    @Test
    void aReceiverRefusesEachHostileNameAndPrintsItEscaped() throws Exception {
        start(new ReceiveCommand(), "--keep-running");
        List<byte[]> offers = new ArrayList<>();
        for (int i = 0; i < HOSTILE.length; i++) {
            offers.add(offer(100 + i, HOSTILE[i]));
        }
        assertThat(answers(offers)).containsOnly((long) ErrorCode.UNSAFE_NAME.code()).hasSize(HOSTILE.length);
        awaitLines(err, "refused", HOSTILE.length);
        assertThat(err.toString()).contains("note: invoice\\u202Efdp.exe refused: the name has U+202E",
                "note: csi\\u009B2J.bin refused");
        assertNothingRaw();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theJsonSummaryEscapesTheNameAndReadsBackToIt() throws Exception {
        start(new ReceiveCommand(), "--keep-running", "--json");
        answers(List.of(offer(1, HOSTILE[0]), offer(2, HOSTILE[1])));
        awaitLines(out, "REFUSED", 2);
        assertNothingRaw();
        List<String> names = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            names.add(new ObjectMapper().readTree(line).get("name").textValue());
        }
        assertThat(names).contains(HOSTILE[0], HOSTILE[1]).containsOnly(HOSTILE[0], HOSTILE[1]);
    }

    @Test
    void serveAnswersHostileFetchesWithoutPrintingThemRaw() throws Exception {
        Files.writeString(dir.resolve("plain.txt"), "served");
        start(new ServeCommand());
        List<byte[]> fetches = new ArrayList<>();
        for (int i = 0; i < HOSTILE.length; i++) {
            fetches.add(fetch(200 + i, HOSTILE[i]));
        }
        fetches.add(fetch(300, "missing \u00e9t\u00e9.txt"));
        List<Long> codes = answers(fetches);
        assertThat(codes.subList(0, HOSTILE.length)).containsOnly((long) ErrorCode.UNSAFE_NAME.code());
        assertThat(codes.get(HOSTILE.length)).isEqualTo(ErrorCode.OBJECT_UNAVAILABLE.code());
        awaitLines(err, "refused", 1);
        assertThat(err.toString()).contains("'missing \u00e9t\u00e9.txt' refused");
        assertNothingRaw();
    }
}
