package org.ptpmesh.sim;

import java.net.InetAddress;
import java.util.List;
import org.ptpmesh.node.Node;
import org.ptpmesh.testkit.DriverContract;

/** The simulator's host keeps the driver contract (it is always strict: a node's exception ends the run). */
class HostDriverContractTest extends DriverContract {

    @Override
    protected Run start(Node node) {
        Simulation sim = new Simulation(7);
        Host host = sim.internet().addHost("driven");
        host.start(node);
        return new Run() {
            @Override
            public void runFor(long millis) {
                sim.runFor(millis);
            }

            @Override
            public void changeAddresses() {
                host.moveTo(sim.internet());
            }

            @Override
            public List<InetAddress> addresses() {
                return host.addresses();
            }

            @Override
            public long refusedSends() {
                return sim.stats().dropped(NetworkDropReason.NOT_BOUND);
            }

            @Override
            public void close() {
                // nothing outlives the simulation object
            }
        };
    }

    @Override
    protected int unbindablePort() {
        return 0x10000;
    }

    @Override
    protected int freePort() {
        return 4000;
    }
}
