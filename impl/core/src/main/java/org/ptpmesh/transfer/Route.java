package org.ptpmesh.transfer;

import org.ptpmesh.messages.Messages;
import org.ptpmesh.node.Effects;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/** How a transfer's datagrams reach the other end: straight to its address, or through a relay. */
public sealed interface Route {

    void send(Effects out, byte[] datagram);

    /** The largest transfer datagram this route carries. */
    int datagramBudget();

    /**
     * Who is at the other end, for per-peer limits: an address (whatever its port: one host
     * cannot take every slot by opening ports), or the peer id behind the relay.
     */
    Object peer();

    /** The bytes a cookie binds (the far end's address and port, or the relay and peer id): what a forger cannot receive at. */
    byte[] identity();

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
        public Object peer() {
            return to.address();
        }

        @Override
        public byte[] identity() {
            byte[] address = to.address().getAddress();
            byte[] id = java.util.Arrays.copyOf(address, address.length + 2);
            id[address.length] = (byte) (to.port() >>> 8);
            id[address.length + 1] = (byte) to.port();
            return id;
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
        public Object peer() {
            return target;
        }

        @Override
        public byte[] identity() {
            byte[] relay = new Direct(localPort, introducer).identity();
            byte[] id = java.util.Arrays.copyOf(relay, relay.length + TlvTypes.PEER_ID_LENGTH);
            System.arraycopy(target.bytes(), 0, id, relay.length, TlvTypes.PEER_ID_LENGTH);
            return id;
        }

        @Override
        public String toString() {
            return "relay " + introducer + " to " + target.shortName();
        }
    }
}
