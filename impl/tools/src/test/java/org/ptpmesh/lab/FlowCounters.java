package org.ptpmesh.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ptpmesh.wire.json.WireJson;

/**
 * nftables counters on a host's input hook, one per flow (a match such as {@code udp dport
 * 23457}), read every {@value #PERIOD_MILLIS} ms while flows run. Rates are taken over the
 * window in which every flow moves, after a warm-up, in bytes as the link carried them (IP
 * bytes plus an Ethernet header per packet, what a token bucket counts).
 */
final class FlowCounters {

    static final long PERIOD_MILLIS = 200;
    private static final int ETHERNET_HEADER = 14;
    private static final String TABLE = "ptpmesh_meter";

    /** Wire bytes of each flow (in the order given) at one moment. */
    record Sample(long millis, long[] bytes) {
    }

    /** Each flow's rate over a window of {@code seconds}, in bits per second. */
    record Window(double seconds, double[] bitsPerSecond) {
    }

    private final Netns ns;
    private final List<String> flows;
    private final List<Sample> samples = new ArrayList<>();
    private volatile boolean running;
    private Thread sampler;

    private FlowCounters(Netns ns, List<String> flows) {
        this.ns = ns;
        this.flows = flows;
    }

    /** Installs one counter per match on {@code host}'s input hook. */
    static FlowCounters install(LabHost host, List<String> matches) {
        StringBuilder rules = new StringBuilder("table inet " + TABLE + " {\n  chain input {\n"
                + "    type filter hook input priority -10; policy accept;\n");
        for (String match : matches) {
            rules.append("    ").append(match).append(" counter\n");
        }
        host.netns().nft(rules.append("  }\n}\n").toString());
        return new FlowCounters(host.netns(), List.copyOf(matches));
    }

    /** Starts reading the counters in the background. */
    void start() {
        running = true;
        long t0 = System.nanoTime();
        sampler = new Thread(() -> {
            while (running) {
                long[] bytes = read();
                synchronized (samples) {
                    samples.add(new Sample((System.nanoTime() - t0) / 1_000_000, bytes));
                }
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ptpmesh-lab-meter");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Stops reading; the samples taken. */
    List<Sample> stop() throws InterruptedException {
        running = false;
        sampler.join();
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /**
     * The rates of every flow from {@code warmupMillis} after all of them first carried bytes
     * until the last sample in which all of them still grew: the time they shared the link.
     */
    static Window shared(List<Sample> samples, long warmupMillis) {
        int first = -1;
        for (int i = 0; i < samples.size() && first < 0; i++) {
            if (allPositive(samples.get(i).bytes())) {
                first = i;
            }
        }
        if (first < 0) {
            throw new AssertionError("the flows never all carried bytes at once: " + describe(samples));
        }
        int start = first;
        while (start < samples.size() && samples.get(start).millis() - samples.get(first).millis() < warmupMillis) {
            start++;
        }
        int end = -1;
        for (int i = samples.size() - 1; i > start && end < 0; i--) {
            if (allGrew(samples.get(i - 1).bytes(), samples.get(i).bytes())) {
                end = i;
            }
        }
        if (end < 0) {
            throw new AssertionError("the flows did not all run past a warm-up of " + warmupMillis + " ms: " + describe(samples));
        }
        Sample a = samples.get(start);
        Sample b = samples.get(end);
        double seconds = (b.millis() - a.millis()) / 1000.0;
        double[] rates = new double[a.bytes().length];
        for (int f = 0; f < rates.length; f++) {
            rates[f] = (b.bytes()[f] - a.bytes()[f]) * 8 / seconds;
        }
        return new Window(seconds, rates);
    }

    /** Jain's fairness index of the rates: 1 when equal, 1/n when one flow has everything. */
    static double jain(double[] rates) {
        double sum = 0;
        double squares = 0;
        for (double r : rates) {
            sum += r;
            squares += r * r;
        }
        return sum * sum / (rates.length * squares);
    }

    private long[] read() {
        JsonNode list;
        try {
            list = WireJson.MAPPER.readTree(ns.exec("", "nft", "-j", "list", "table", "inet", TABLE)).path("nftables");
        } catch (IOException e) {
            throw new UncheckedIOException("nft -j printed no JSON", e);
        }
        List<long[]> counters = new ArrayList<>();
        for (JsonNode item : list) {
            for (JsonNode expr : item.path("rule").path("expr")) {
                JsonNode c = expr.path("counter");
                if (!c.isMissingNode()) {
                    counters.add(new long[] {c.path("packets").asLong(), c.path("bytes").asLong()});
                }
            }
        }
        if (counters.size() != flows.size()) {
            throw new AssertionError("expected " + flows.size() + " counters in " + ns.name() + ", found " + counters.size());
        }
        long[] wire = new long[flows.size()];
        for (int f = 0; f < wire.length; f++) {
            wire[f] = counters.get(f)[1] + ETHERNET_HEADER * counters.get(f)[0];
        }
        return wire;
    }

    private static boolean allPositive(long[] bytes) {
        for (long b : bytes) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean allGrew(long[] before, long[] after) {
        for (int f = 0; f < before.length; f++) {
            if (after[f] <= before[f]) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<Sample> samples) {
        Map<Long, String> m = new LinkedHashMap<>();
        for (Sample s : samples) {
            m.put(s.millis(), java.util.Arrays.toString(s.bytes()));
        }
        return m.toString();
    }
}
