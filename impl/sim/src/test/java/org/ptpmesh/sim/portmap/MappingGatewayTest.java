package org.ptpmesh.sim.portmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ptpmesh.portmap.MappingReply;
import org.ptpmesh.portmap.NatPmpMessages;
import org.ptpmesh.portmap.PcpMessages;
import org.ptpmesh.sim.nat.FlowTable;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.sim.nat.NatModel.PortMapService;
import org.ptpmesh.wire.Endpoint;

/** The simulated router's PCP and NAT-PMP server, read back with the peer's own client decoders. */
class MappingGatewayTest {

    static final InetAddress PUBLIC = Endpoint.of("203.0.113.1", 0).address();
    static final Endpoint HOST = Endpoint.of("10.0.1.2", 3456);
    static final Endpoint OTHER_HOST = Endpoint.of("10.0.1.3", 3456);
    static final Endpoint REMOTE = Endpoint.of("198.51.100.9", 4000);
    static final byte[] NONCE = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    private final FlowTable table = new FlowTable(NatModel.linuxMasqueradeFullyRandom(), PUBLIC, new SplittableRandom(1));
    private final MappingGateway gateway = new MappingGateway(table, PUBLIC, PortMapService.GRANTS, 0);

    static byte[] pcp(Endpoint host, int suggested, long lifetime) {
        return PcpMessages.mapRequest(host.address(), NONCE, host.port(), suggested, lifetime);
    }

    private MappingReply.Granted granted(MappingReply reply) {
        assertThat(reply).isInstanceOf(MappingReply.Granted.class);
        return (MappingReply.Granted) reply;
    }

    @Test
    void aPcpRequestGetsThePortAskedForAndTheRouterForwardsItToTheAskingHost() {
        MappingReply.Granted g = granted(PcpMessages.decode(gateway.answer(pcp(HOST, 3456, 7_200), HOST, 1_000), NONCE));
        assertThat(g.externalPort()).isEqualTo(3456);
        assertThat(g.lifetimeSeconds()).isEqualTo(7_200);
        assertThat(g.externalAddress()).isEqualTo(PUBLIC);
        assertThat(table.inbound(new Endpoint(PUBLIC, 3456), REMOTE, 2_000)).as("anyone gets in").isEqualTo(HOST);
    }

    @Test
    void aPortTakenByAnotherHostIsNotGivenTwice() {
        gateway.answer(pcp(HOST, 3456, 7_200), HOST, 0);
        MappingReply.Granted g = granted(PcpMessages.decode(gateway.answer(pcp(OTHER_HOST, 3456, 7_200), OTHER_HOST, 0), NONCE));
        assertThat(g.externalPort()).isNotEqualTo(3456);
        assertThat(table.inbound(new Endpoint(PUBLIC, g.externalPort()), REMOTE, 1)).isEqualTo(OTHER_HOST);
        assertThat(table.inbound(new Endpoint(PUBLIC, 3456), REMOTE, 1)).isEqualTo(HOST);
    }

    @Test
    void aRenewalKeepsThePortAndMovesTheExpiryAnExpiredForwardLetsNobodyIn() {
        gateway.answer(pcp(HOST, 3456, 100), HOST, 0);
        granted(PcpMessages.decode(gateway.answer(pcp(HOST, 3456, 100), HOST, 50_000), NONCE));
        assertThat(table.forwards(120_000)).singleElement().satisfies(f -> {
            assertThat(f.externalPort()).isEqualTo(3456);
            assertThat(f.expiresAt()).isEqualTo(150_000);
        });
        assertThat(table.forwards(150_000)).as("not renewed again: gone").isEmpty();
        assertThat(table.inbound(new Endpoint(PUBLIC, 3456), REMOTE, 150_000)).isNull();
    }

    @Test
    void lifetimeZeroDeletesTheForward() {
        gateway.answer(pcp(HOST, 3456, 7_200), HOST, 0);
        byte[] answer = gateway.answer(pcp(HOST, 0, 0), HOST, 10);
        assertThat(answer[3]).as("result").isEqualTo((byte) PcpMessages.RESULT_SUCCESS);
        assertThat(table.forwards(20)).isEmpty();
        assertThat(table.inbound(new Endpoint(PUBLIC, 3456), REMOTE, 20)).isNull();
    }

    @Test
    void natPmpGivesTheExternalAddressThenMapsAndDeletes() {
        MappingReply address = NatPmpMessages.decode(gateway.answer(NatPmpMessages.addressRequest(), HOST, 0));
        assertThat(address).isEqualTo(new MappingReply.ExternalAddress(PUBLIC));
        MappingReply.Granted g = granted(NatPmpMessages.decode(gateway.answer(NatPmpMessages.mapRequest(3456, 3456, 600), HOST, 0)));
        assertThat(g.externalPort()).isEqualTo(3456);
        assertThat(g.lifetimeSeconds()).isEqualTo(600);
        assertThat(table.forwards(1)).singleElement().satisfies(f -> assertThat(f.inside()).isEqualTo(HOST));
        gateway.answer(NatPmpMessages.mapRequest(3456, 0, 0), HOST, 2);
        assertThat(table.forwards(3)).isEmpty();
    }

    @Test
    void aRefusingRouterRefusesEveryMappingButStillTellsItsAddress() {
        MappingGateway refusing = new MappingGateway(table, PUBLIC, PortMapService.REFUSES, 0);
        assertThat(PcpMessages.decode(refusing.answer(pcp(HOST, 3456, 7_200), HOST, 0), NONCE))
                .isEqualTo(new MappingReply.Refused(PcpMessages.RESULT_NOT_AUTHORIZED, "NOT_AUTHORIZED"));
        assertThat(NatPmpMessages.decode(refusing.answer(NatPmpMessages.addressRequest(), HOST, 0)))
                .isEqualTo(new MappingReply.ExternalAddress(PUBLIC));
        assertThat(NatPmpMessages.decode(refusing.answer(NatPmpMessages.mapRequest(3456, 3456, 600), HOST, 0)))
                .isEqualTo(new MappingReply.Refused(NatPmpMessages.RESULT_REFUSED, "Not Authorized/Refused"));
        assertThat(table.forwards(1)).isEmpty();
    }

    @Test
    void aPcpRequestNamingAnotherAddressThanItsSourceIsAnAddressMismatch() {
        MappingReply reply = PcpMessages.decode(gateway.answer(pcp(OTHER_HOST, 3456, 7_200), HOST, 0), NONCE);
        assertThat(reply).isEqualTo(new MappingReply.Refused(PcpMessages.RESULT_ADDRESS_MISMATCH, "ADDRESS_MISMATCH"));
        assertThat(table.forwards(1)).isEmpty();
    }

    @Test
    void theLifetimeIsCappedWhateverIsAskedFor() {
        MappingReply.Granted g = granted(PcpMessages.decode(gateway.answer(pcp(HOST, 3456, 0xffff_ffffL), HOST, 0), NONCE));
        assertThat(g.lifetimeSeconds()).isEqualTo(MappingGateway.MAX_LIFETIME_SECONDS);
        assertThat(table.forwards(0)).singleElement()
                .satisfies(f -> assertThat(f.expiresAt()).isEqualTo(MappingGateway.MAX_LIFETIME_SECONDS * 1000));
    }

    @Test
    void pastTheForwardLimitANewRequestIsOutOfResourcesARenewalIsNot() {
        for (int i = 0; i < MappingGateway.MAX_FORWARDS; i++) {
            Endpoint host = Endpoint.of("10.0.1.2", 10_000 + i);
            granted(PcpMessages.decode(gateway.answer(pcp(host, host.port(), 600), host, 0), NONCE));
        }
        Endpoint oneMore = Endpoint.of("10.0.1.2", 9_999);
        assertThat(PcpMessages.decode(gateway.answer(pcp(oneMore, 9_999, 600), oneMore, 0), NONCE))
                .isEqualTo(new MappingReply.Refused(PcpMessages.RESULT_NO_RESOURCES, "NO_RESOURCES"));
        assertThat(NatPmpMessages.decode(gateway.answer(NatPmpMessages.mapRequest(9_999, 0, 600), oneMore, 0)))
                .isEqualTo(new MappingReply.Refused(NatPmpMessages.RESULT_OUT_OF_RESOURCES, "Out of resources"));
        Endpoint first = Endpoint.of("10.0.1.2", 10_000);
        granted(PcpMessages.decode(gateway.answer(pcp(first, 10_000, 600), first, 1), NONCE));
    }

    @Test
    void whatIsNoRequestIsDroppedAndCounted() {
        assertThat(gateway.answer(new byte[0], HOST, 0)).isNull();
        assertThat(gateway.answer(new byte[] {2, 1, 0}, HOST, 0)).isNull();
        assertThat(gateway.answer(new byte[] {0, (byte) 129}, HOST, 0)).as("a response, not a request").isNull();
        assertThat(gateway.answer(new byte[] {7, 7, 7, 7}, HOST, 0)).isNull();
        assertThat(gateway.ignored()).isEqualTo(4);
        assertThat(table.forwards(0)).isEmpty();
    }

    @Test
    void natPmpTcpAndUnknownOpcodesAreUnsupported() {
        byte[] tcp = NatPmpMessages.mapRequest(3456, 3456, 600);
        tcp[1] = NatPmpMessages.OPCODE_MAP_TCP;
        assertThat(NatPmpMessages.decode(gateway.answer(tcp, HOST, 0)))
                .isEqualTo(new MappingReply.Refused(NatPmpMessages.RESULT_UNSUPPORTED_OPCODE, "Unsupported opcode"));
        assertThat(NatPmpMessages.decode(gateway.answer(new byte[] {0, 9}, HOST, 0)))
                .isEqualTo(new MappingReply.Refused(NatPmpMessages.RESULT_UNSUPPORTED_OPCODE, "Unsupported opcode"));
        assertThat(table.forwards(0)).isEmpty();
    }
}
