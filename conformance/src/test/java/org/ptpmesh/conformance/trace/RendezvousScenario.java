package org.ptpmesh.conformance.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.ptpmesh.client.ClientConfig;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.scenario.NatKind;
import org.ptpmesh.sim.Host;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.sim.NatRouter;
import org.ptpmesh.sim.Simulation;
import org.ptpmesh.trace.NdjsonTraceWriter;
import org.ptpmesh.wire.Endpoint;

/**
 * A rendezvous server and its clients on the simulator, all behind one NAT so that every entry
 * of a list carries the client's LAN address too and lists of {@link #CLIENTS} - 1 entries take
 * two pages. One registered client stops (SHUTDOWN) at {@link #SHUTDOWN_AT_MS}, another goes
 * silent (its host sleeps) at {@link #SILENT_AT_MS} and is purged {@link #PURGE_MS} later. Every
 * link loses {@code loss} of its datagrams. The purge window puts the silent client's purge, in
 * the lossless run, a few ms before a periodic publication and after the purge check before it,
 * so that a server that publishes before it purges lists a client it should have purged.
 *
 * <p>Public and reflective ({@link #write}) so a test can run it in a class loader that holds a
 * mutated implementation.
 */
public final class RendezvousScenario {

    public static final int CLIENTS = 48;
    public static final long REGISTER_MS = 7_000;
    public static final long PUBLISH_MS = 13_000;
    /** Shorter than the server's default, so the silent client is purged within the run. */
    public static final long PURGE_MS = 25_950;
    public static final long SHUTDOWN_AT_MS = 12_000;
    public static final long SILENT_AT_MS = 14_000;
    public static final long DURATION_MS = 45_000;
    private static final int CLIENT_PORT = 40_000;
    /**
     * No probes between clients within the run: they are not part of Rendezvous, and 48 clients
     * probing each other would make the trace a hundred times larger.
     */
    private static final long PROBE_MS = 10 * DURATION_MS;
    /** Two reports a registration: a SendRegister of two REGISTER datagrams, the replay counts both. */
    private static final int REPORTS = 2;

    private RendezvousScenario() {
    }

    /** The first client from {@code from} on that received a list and is not in {@code taken}; now taken. */
    private static int listed(List<MeshClient> clients, int from, List<Integer> taken) {
        for (int k = from; k < clients.size(); k++) {
            if (!taken.contains(k) && clients.get(k).snapshot().listsReceived() > 0) {
                taken.add(k);
                return k;
            }
        }
        throw new IllegalStateException("no client holds a list yet");
    }

    /** Runs the scenario with {@code loss} on every link and writes its trace to {@code file}. */
    public static void write(Path file, double loss) throws IOException {
        Simulation sim = new Simulation(11);
        sim.setDefaultUplink(LinkProfile.ofLatency(10).withLoss(loss));
        RandomGenerator ids = sim.random("ids");
        Host serverHost = sim.internet().addHost("server");
        ServerConfig config = ServerConfig.defaults().toBuilder().publishEvery(PUBLISH_MS).purgeAfter(PURGE_MS).build();
        Endpoint server = serverHost.endpoint(config.port());
        NatRouter nat = sim.addNat("nat", NatKind.EASY.model());
        try (NdjsonTraceWriter writer = NdjsonTraceWriter.to(file)) {
            sim.addTraceSink(writer);
            serverHost.start(new RendezvousServer(config, RendezvousListener.NONE, sim.random("server")));
            List<Host> hosts = new ArrayList<>();
            List<MeshClient> clients = new ArrayList<>();
            for (int k = 0; k < CLIENTS; k++) {
                Host host = nat.lan().addHost("client" + k);
                byte[] id = new byte[16];
                ids.nextBytes(id);
                MeshClient client = new MeshClient(ClientConfig.builder(server, CLIENT_PORT, host.endpoint(CLIENT_PORT), id)
                        .registerEvery(REGISTER_MS).probeEvery(PROBE_MS).reportsPerRound(REPORTS).build());
                hosts.add(host);
                clients.add(client);
                host.start(client);
            }
            // the first clients that got a list by then, so that they are registered when they go
            List<Integer> stopping = new ArrayList<>();
            sim.at(SHUTDOWN_AT_MS, () -> {
                int k = listed(clients, 1, stopping);
                hosts.get(k).invoke(out -> clients.get(k).shutdown(sim.now(), out));
            });
            sim.at(SILENT_AT_MS, () -> hosts.get(listed(clients, 1, stopping)).sleep());
            sim.runFor(DURATION_MS);
        }
    }
}
