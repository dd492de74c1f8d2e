package org.ptpmesh.sim;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/**
 * A test node that binds its ports, sends planned text datagrams at planned times (through its
 * own timers, as a real node would), may answer what it receives, and records everything it sees.
 */
final class RecordingNode implements Node {

    /** The timer of the planned send at {@code index}. */
    private record Send(int index) implements TimerKey {
    }


    record Received(int localPort, Endpoint from, String text, long at) {
    }

    private record PlannedSend(long at, int fromPort, Supplier<Endpoint> to, String text, int ttl) {
    }

    private final int[] ports;
    private final List<PlannedSend> plan = new ArrayList<>();
    private Function<Received, String> answer;
    final List<Received> received = new ArrayList<>();
    final List<List<InetAddress>> addressChanges = new ArrayList<>();
    final List<Integer> failedBinds = new ArrayList<>();

    RecordingNode(int... ports) {
        this.ports = ports;
    }

    /** A STUN-like reflector: answers every datagram with the source address it arrived from. */
    static RecordingNode reflector(int... ports) {
        return new RecordingNode(ports).answering(r -> r.from().toString());
    }

    RecordingNode answering(Function<Received, String> answer) {
        this.answer = answer;
        return this;
    }

    RecordingNode send(long at, int fromPort, Endpoint to, String text) {
        return send(at, fromPort, () -> to, text, Effects.DEFAULT_TTL);
    }

    /** {@code to} is asked at send time, for destinations the scenario learns while running. */
    RecordingNode send(long at, int fromPort, Supplier<Endpoint> to, String text, int ttl) {
        plan.add(new PlannedSend(at, fromPort, to, text, ttl));
        return this;
    }

    List<String> texts() {
        return received.stream().map(Received::text).toList();
    }

    List<Endpoint> senders() {
        return received.stream().map(Received::from).toList();
    }

    @Override
    public void start(long now, Effects out) {
        for (int port : ports) {
            out.bind(port);
        }
        for (int i = 0; i < plan.size(); i++) {
            out.setTimer(new Send(i), plan.get(i).at());
        }
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        Received r = new Received(localPort, from, new String(data, StandardCharsets.UTF_8), now);
        received.add(r);
        if (answer != null) {
            out.send(localPort, from, answer.apply(r).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        PlannedSend send = plan.get(((Send) key).index());
        out.send(send.fromPort(), send.to().get(), send.text().getBytes(StandardCharsets.UTF_8), send.ttl());
    }

    @Override
    public void onBindFailed(int port, long now, Effects out) {
        failedBinds.add(port);
    }

    @Override
    public void onAddressesChanged(List<InetAddress> addresses, long now, Effects out) {
        addressChanges.add(addresses);
    }
}
