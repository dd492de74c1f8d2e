package org.ptpmesh.transfer;

import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.sim.Host;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.sim.Simulation;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.PeerId;

/** Two public hosts running transfer nodes in the simulator, with what each end reported. */
final class SimTransferPair {

    static final int PORT = 7000;

    final Simulation sim;
    final Host senderHost;
    final Host receiverHost;
    final MemoryStore store = new MemoryStore();
    final List<TransferReport> senderReports = new ArrayList<>();
    final List<TransferReport> receiverReports = new ArrayList<>();
    final List<TraceEvent> trace = new ArrayList<>();
    /** Why the receiver refused pushed offers. */
    final List<String> refusals = new ArrayList<>();
    final TransferConfig config;
    TransferNode sender;
    TransferNode receiver;
    private final PeerId senderId;
    private final PeerId receiverId;

    SimTransferPair(long seed, LinkProfile link, TransferConfig config) {
        this.sim = new Simulation(seed);
        this.config = config;
        sim.setDefaultUplink(link);
        sim.addTraceSink(trace::add);
        senderHost = sim.internet().addHost("sender");
        receiverHost = sim.internet().addHost("receiver");
        senderId = PeerId.random(sim.random("ids:sender"));
        receiverId = PeerId.random(sim.random("ids:receiver"));
        sender = newSender(TransferEndpoint.Catalog.NONE);
        receiver = newReceiver();
        senderHost.start(sender);
        receiverHost.start(receiver);
    }

    TransferNode newSender(TransferEndpoint.Catalog catalog) {
        return new TransferNode(new TransferEndpoint(config, senderId, "sender", BlockStore.NONE, catalog,
                senderReports::add, sim.random("sender:" + sim.now())), PORT);
    }

    TransferNode newReceiver() {
        TransferListener listener = new TransferListener() {
            @Override
            public void finished(TransferReport report) {
                receiverReports.add(report);
            }

            @Override
            public void refused(Offer offer, Route from, String reason, long now) {
                refusals.add(reason);
            }
        };
        return new TransferNode(new TransferEndpoint(config, receiverId, "receiver", store, TransferEndpoint.Catalog.NONE,
                listener, sim.random("receiver:" + sim.now())), PORT);
    }

    /** At the current virtual time the sender offers {@code data} as {@code name}. */
    void offer(String name, byte[] data) {
        MemorySource source = new MemorySource(data);
        offer(name, source, source.sha256());
    }

    void offer(String name, BlockSource source, byte[] sha) {
        TransferNode s = sender;
        senderHost.invoke(out -> s.endpoint().offer(name, source, sha, s.routeTo(receiverHost.endpoint(PORT)), sim.now(), out));
    }

    /** Runs until both ends reported (or {@code limitMillis} of virtual time passed); true if they did. */
    boolean runUntilBothReported(long limitMillis) {
        return sim.runUntil(sim.now() + limitMillis, () -> !senderReports.isEmpty() && !receiverReports.isEmpty());
    }

    TransferReport receiverReport() {
        return receiverReports.get(receiverReports.size() - 1);
    }

    TransferReport senderReport() {
        return senderReports.get(senderReports.size() - 1);
    }

    List<String> events(String node) {
        return trace.stream().filter(e -> e.node().equals(node)).map(TraceEvent::event).toList();
    }
}
