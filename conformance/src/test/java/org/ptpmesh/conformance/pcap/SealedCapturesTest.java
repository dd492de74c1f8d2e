package org.ptpmesh.conformance.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/** A capture of sealed traffic, opened with its key log: each inner datagram is checked as a plain one would be. */
class SealedCapturesTest {

    private static final byte[] ID_A = filled(16, 0x0a);
    private static final byte[] ID_B = filled(16, 0x0b);
    private static final byte[] KEY_A_TO_B = filled(32, 0x1a);
    private static final byte[] KEY_B_TO_A = filled(32, 0x1b);
    private static final long SESSION_OF_B = 0x0b93c257L;
    private static final long SESSION_OF_A = 0xf0000001L;
    private static final Endpoint A = Endpoint.of("198.51.100.10", 3456);
    private static final Endpoint B = Endpoint.of("203.0.113.7", 3456);

    @TempDir
    Path tmp;

    @Test
    void aSealedDatagramWithItsKeyIsOpenedAndItsInnerDatagramChecked() throws Exception {
        byte[] keepalive = Codec.encode(Message.of(MessageKind.KEEPALIVE, ID_A).uint(TlvTypes.MYTS, 0x53a4c0de80000000L).build());
        CaptureValidation v = validate(bothKeys(), SealedDatagrams.seal(KEY_A_TO_B, ID_A, SESSION_OF_B, 0, keepalive));
        PacketVerdict p = v.packets().get(0);
        assertThat(p.kind()).isEqualTo("SEALED");
        assertThat(p.valid()).isTrue();
        assertThat(p.opened()).isEqualTo(new PacketVerdict.Inner("KEEPALIVE", keepalive.length, List.of(), List.of()));
    }

    @Test
    void withoutItsKeyASealedDatagramIsShownSealedNotRefused() throws Exception {
        byte[] keepalive = Codec.encode(Message.of(MessageKind.KEEPALIVE, ID_A).build());
        byte[] sealed = SealedDatagrams.seal(KEY_A_TO_B, ID_A, SESSION_OF_B, 0, keepalive);
        SealKeys onlyTheOtherDirection = SealKeys.parse(List.of(SealedDatagrams.keyLogLine(ID_B, SESSION_OF_A, KEY_B_TO_A)));
        for (SealKeys keys : List.of(SealKeys.NONE, onlyTheOtherDirection)) {
            PacketVerdict p = validate(keys, sealed).packets().get(0);
            assertThat(p.valid()).isTrue();
            assertThat(p.opened()).isNull();
            assertThat(p.notes()).containsExactly("sealed: no key for its UUID and PEERSESSION in the key log");
        }
    }

    @Test
    void aSealedDatagramItsLoggedKeyDoesNotOpenIsRefused() throws Exception {
        byte[] keepalive = Codec.encode(Message.of(MessageKind.KEEPALIVE, ID_A).build());
        byte[] sealedWithAnotherKey = SealedDatagrams.seal(KEY_B_TO_A, ID_A, SESSION_OF_B, 7, keepalive);
        PacketVerdict p = validate(bothKeys(), sealedWithAnotherKey).packets().get(0);
        assertThat(p.opened()).isNull();
        assertThat(p.violations()).extracting(Finding::code).containsExactly("seal_open_failed");
        assertThat(p.reason()).contains("the key logged for 0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a session 0b93c257 does not open COUNTER 7");
    }

    @Test
    void whatTheInnerDatagramBreaksMakesTheDatagramInvalid() throws Exception {
        byte[] pingWithoutNat = Codec.encode(Message.of(MessageKind.PING, ID_A).build());
        PacketVerdict p = validate(bothKeys(), SealedDatagrams.seal(KEY_A_TO_B, ID_A, SESSION_OF_B, 1, pingWithoutNat))
                .packets().get(0);
        assertThat(p.valid()).isFalse();
        assertThat(p.opened().kind()).isEqualTo("PING");
        assertThat(p.opened().violations()).extracting(Finding::code).containsExactly("missing_tlv");
        assertThat(p.reason()).isEqualTo("missing_tlv: in the sealed PING: PING requires NAT");
    }

    /** The flow checks see what the peers said inside their sealed datagrams: an answer's YOURTS is judged against the sealed MYTS. */
    @Test
    void theFlowChecksSeeTheInnerDatagrams() throws Exception {
        long myts = 0x53a4c0de80000000L;
        byte[] keepalive = Codec.encode(Message.of(MessageKind.KEEPALIVE, ID_A).uint(TlvTypes.MYTS, myts).build());
        byte[] echoed = Codec.encode(Message.of(MessageKind.KEEPALIVE_ACK, ID_B).uint(TlvTypes.YOURTS, myts).build());
        byte[] wrong = Codec.encode(Message.of(MessageKind.KEEPALIVE_ACK, ID_B).uint(TlvTypes.YOURTS, myts + 1).build());
        byte[] bare = Codec.encode(Message.of(MessageKind.KEEPALIVE, ID_A).build());
        CaptureValidation v = validate(bothKeys(), SealedDatagrams.seal(KEY_A_TO_B, ID_A, SESSION_OF_B, 0, keepalive),
                SealedDatagrams.seal(KEY_B_TO_A, ID_B, SESSION_OF_A, 0, echoed),
                SealedDatagrams.seal(KEY_A_TO_B, ID_A, SESSION_OF_B, 1, bare),
                SealedDatagrams.seal(KEY_B_TO_A, ID_B, SESSION_OF_A, 1, wrong));
        assertThat(v.packets()).extracting(PacketVerdict::valid).containsExactly(true, true, true, false);
        assertThat(v.packets().get(3).violations()).extracting(Finding::code).containsExactly("yourts_not_echoed");
    }

    /** The SEALED vector of docs/protocol.md section 10 opens with the key log line printed beside it. */
    @Test
    void theProtocolsSealedVectorOpensWithItsKeyLogLine() throws Exception {
        String doc = Files.readString(SpecLocator.find().orElseThrow().getParent().resolve("docs/protocol.md"));
        Matcher line = Pattern.compile("`(PTPMESH_SEAL [0-9a-f ]+)`").matcher(doc);
        Matcher vector = Pattern.compile("```ptpmesh-vector\nkind: SEALED\n(?:.*\n)*?hex: ([0-9a-f]+)\n").matcher(doc);
        assertThat(line.find()).isTrue();
        assertThat(vector.find()).isTrue();
        DatagramCheck.Outcome outcome = DatagramCheck.check(HexFormat.of().parseHex(vector.group(1)),
                SealKeys.parse(List.of(line.group(1))));
        assertThat(outcome.violations()).isEmpty();
        assertThat(outcome.inner().kind()).isEqualTo("KEEPALIVE");
        assertThat(outcome.inner().violations()).isEmpty();
    }

    private static SealKeys bothKeys() {
        return SealKeys.parse(List.of(SealedDatagrams.keyLogLine(ID_A, SESSION_OF_B, KEY_A_TO_B),
                SealedDatagrams.keyLogLine(ID_B, SESSION_OF_A, KEY_B_TO_A)));
    }

    /** Writes the datagrams as a pcap, alternately from A and from B, and validates the file. */
    private CaptureValidation validate(SealKeys keys, byte[]... datagrams) throws Exception {
        List<FixtureWriter.Frame> frames = new java.util.ArrayList<>();
        for (int i = 0; i < datagrams.length; i++) {
            boolean fromA = i % 2 == 0;
            frames.add(new FixtureWriter.Frame(1_000_000L * (i + 1), fromA ? A : B, fromA ? B : A, datagrams[i]));
        }
        Path capture = tmp.resolve("sealed.pcap");
        FixtureWriter.write(capture, frames);
        return new CaptureValidator(ValidationOptions.defaults(), keys).validate(capture);
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
