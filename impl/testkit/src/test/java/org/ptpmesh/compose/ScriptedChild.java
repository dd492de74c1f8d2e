package org.ptpmesh.compose;

import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.portmap.UpnpOutcome;
import org.ptpmesh.wire.Endpoint;

/** A child node for composite tests: it writes down every callback it gets. */
final class ScriptedChild implements Node {

    /** A timer key two children may both use. */
    record Tick(int n) implements TimerKey {
    }

    final List<DecodedDatagram> messages = new ArrayList<>();
    final List<byte[]> rawDatagrams = new ArrayList<>();
    final List<TimerKey> fired = new ArrayList<>();
    final List<Integer> bindFailures = new ArrayList<>();
    final List<UpnpOutcome> upnpOutcomes = new ArrayList<>();
    private final int[] portsAtStart;

    ScriptedChild(int... portsAtStart) {
        this.portsAtStart = portsAtStart;
    }

    @Override
    public void start(long now, Effects out) {
        for (int port : portsAtStart) {
            out.bind(port);
        }
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        rawDatagrams.add(data);
    }

    @Override
    public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        messages.add(datagram);
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        fired.add(key);
    }

    @Override
    public void onBindFailed(int port, long now, Effects out) {
        bindFailures.add(port);
    }

    @Override
    public void onUpnp(UpnpOutcome outcome, long now, Effects out) {
        upnpOutcomes.add(outcome);
    }
}
