package org.ptpmesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.rendezvous.ServerHarness.addr;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;

/** What the server's snapshot says of every registered client, beyond the rows it lists. */
class ServerSnapshotTest {

    private final ServerHarness h = new ServerHarness(ServerHarness.config());

    /** A ptpmesh registration with a NAT type and, if {@code upnp} is not -1, a UPNP. */
    private void register(int client, int nat, int upnp) {
        Endpoint from = addr("10." + (client >> 16 & 0xFF) + "." + (client >> 8 & 0xFF) + "." + (client & 0xFF), 4000);
        Message.Builder b = Message.of(MessageKind.REGISTER, ServerHarness.id(client)).uint(TlvTypes.CLIENTVER, 1)
                .uint(TlvTypes.SEQUENCE, 1).address(TlvTypes.PTPADDR, from).uint(TlvTypes.MYTS, Timestamps.fromMillis(h.now))
                .uint(TlvTypes.NAT, nat);
        if (upnp >= 0) {
            b.uint(TlvTypes.UPNP, upnp);
        }
        h.receive(from, Codec.encode(b.build()));
        h.answerChallenge(from);
    }

    @Test
    void everyClientIsCountedByNatThoughTheRowsListOnlyTheFirst() {
        for (int i = 0; i < 1_200; i++) {
            register(i, i % 3 + 1, -1);
        }
        h.advance(1_000);
        ServerSnapshot s = h.server.snapshot();
        assertThat(s.clients()).isEqualTo(1_200);
        assertThat(s.rows()).hasSize(1_000);
        assertThat(s.clientsByNat()).isEqualTo(Map.of(1, 400L, 2, 400L, 3, 400L));
        // one changes its NAT type, one leaves: the counts follow
        register(0, 2, -1);
        h.receive(addr("10.0.0.1", 4000), ServerHarness.shutdown(1));
        h.advance(1_000);
        assertThat(h.server.snapshot().clientsByNat()).isEqualTo(Map.of(1, 399L, 2, 400L, 3, 400L));
    }

    @Test
    void aRowSaysWhatTheLatestRegistrationsUpnpSaid() {
        register(1, 1, 1);
        register(2, 1, 0);
        register(3, 1, -1);
        h.advance(1_000);
        assertThat(h.server.snapshot().rows()).extracting(ServerSnapshot.Row::upnp).containsExactly(1, 0, -1);
        register(1, 1, -1);
        h.advance(1_000);
        assertThat(h.server.snapshot().rows().get(0).upnp()).as("a registration without UPNP says nothing").isEqualTo(-1);
    }
}
