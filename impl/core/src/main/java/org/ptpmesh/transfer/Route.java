package org.ptpmesh.transfer;

import org.ptpmesh.messages.Messages;
import org.ptpmesh.node.Effects;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/** How a transfer's datagrams reach the other end: straight to its address, or through a relay. */
public sealed interface Route {

    void send(Effects out, byte[] datagram);

    /** The largest transfer datagram this route carries. */
    int datagramBudget();

    /** Straight from {@code localPort} to {@code to}. */
    record Direct(int localPort, Endpoint to) implements Route {
        @Override
        public void send(Effects out, byte[] datagram) {
            out.send(localPort, to, datagram);
        }

        @Override
        public int datagramBudget() {
            return org.ptpmesh.wire.Datagram.MAX_SIZE;
        }

        @Override
        public String toString() {
            return "direct " + to;
        }
    }

    /** Inside RELAY datagrams to the introducer at {@code introducer}, which passes them to {@code target}. */
    record Relayed(int localPort, Endpoint introducer, PeerId self, PeerId target) implements Route {
        @Override
        public void send(Effects out, byte[] datagram) {
            out.send(localPort, introducer, Messages.relay(self, target, datagram));
        }

        @Override
        public int datagramBudget() {
            return BlockSizes.RELAYED_DATAGRAM;
        }

        @Override
        public String toString() {
            return "relay " + introducer + " to " + target.shortName();
        }
    }
}
