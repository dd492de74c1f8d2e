package org.ptpmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageRulesTest {

    private static final byte[] ID = new byte[16];

    @Test
    void ptptestRegistrationIsInferredWithoutMsgkind() {
        Message register = Message.builder().uint(TlvTypes.CLIENTVER, 1, 1).uint(TlvTypes.SEQUENCE, 0, 4)
                .bytes(TlvTypes.UUID, ID).address(TlvTypes.PTPADDR, Endpoint.of("10.0.0.2", 5000))
                .uint(TlvTypes.MYTS, 1L << 40, 8).build();
        assertThat(register.kind()).isEqualTo(MessageKind.REGISTER);
        assertThat(MessageRules.check(register)).isEmpty();
    }

    @Test
    void missingRequiredTlvIsReported() {
        Message ping = Message.of(MessageKind.PING, ID).build();
        assertThat(MessageRules.check(ping)).extracting(MessageRules.Violation::code).containsExactly("missing_tlv");
    }

    @Test
    void forbiddenAndRepeatedTlvsAreReported() {
        Message ping = Message.of(MessageKind.PING, ID).uint(TlvTypes.NAT, 1).uint(TlvTypes.NAT, 1)
                .address(TlvTypes.CLIENTLIST_EXT, Endpoint.of("1.2.3.4", 5)).build();
        assertThat(MessageRules.check(ping)).extracting(MessageRules.Violation::code)
                .containsExactlyInAnyOrder("repeated_tlv", "forbidden_tlv");
    }

    @Test
    void unknownTypesNeverViolate() {
        Message ping = Message.of(MessageKind.PING, ID).uint(TlvTypes.NAT, 1).add(new Tlv.UnknownTlv(250, new byte[3])).build();
        assertThat(MessageRules.check(ping)).isEmpty();
    }

    @Test
    void unknownMessageKind() {
        assertThat(MessageRules.check(Message.builder().uint(TlvTypes.MSGKIND, 200).build()))
                .extracting(MessageRules.Violation::code).containsExactly("unknown_message");
        assertThat(MessageRules.check(Message.builder().uint(TlvTypes.SEQUENCE, 1).build()))
                .extracting(MessageRules.Violation::code).containsExactly("unknown_message");
    }

    @Test
    void clientLenMustMatchEntries() {
        Message list = Message.builder().uint(TlvTypes.SERVERVER, 2, 1).uint(TlvTypes.SEQUENCE, 1).bytes(TlvTypes.UUID, ID)
                .uint(TlvTypes.MYTS, 5).address(TlvTypes.YOURADDR, Endpoint.of("1.2.3.4", 5))
                .address(TlvTypes.CLIENTLIST_EXT, Endpoint.of("5.6.7.8", 9)).uint(TlvTypes.CLIENTLEN, 2, 1).build();
        assertThat(MessageRules.check(list)).extracting(MessageRules.Violation::code).containsExactly("clientlen_mismatch");
    }
}
