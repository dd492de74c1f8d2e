package org.ptpmesh.conformance.trace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ptpmesh.trace.TraceEvent;

/**
 * The traces of several processes (one {@code --trace FILE} each) as one behaviour, ordered by
 * time. Each file's own order is kept whatever its times say: the files are merged as sorted
 * sequences, the earliest head first, and at equal times the head of the file given first. So
 * what one process did is never reordered, and the order across processes is their clocks'.
 *
 * <p>That order is causal only as far as the clocks are: the processes must share one clock,
 * the Unix epoch milliseconds of one machine ({@code TraceFile}). Within one millisecond, a
 * datagram's receipt in a file given before its sender's may come first. Clocks of different
 * machines are not comparable, and a file in relative time (a simulator's, which starts at 0)
 * compares with none: both are refused rather than merged into a behaviour that never happened.
 */
public final class TraceMerge {

    /**
     * Times below this (2001-09-09T01:46:40Z in Unix milliseconds) are not a wall clock: a
     * simulator's virtual time, or time since a process started.
     */
    static final long WALL_CLOCK_FLOOR_MILLIS = 1_000_000_000_000L;

    private TraceMerge() {
    }

    /**
     * One log holding every event of {@code logs}; a single log is returned as it is.
     *
     * @throws TraceFormatException if a file's times are not Unix epoch milliseconds, or two files
     *                              hold steps of one node
     */
    public static TraceLog merge(List<TraceLog> logs) {
        if (logs.size() == 1) {
            return logs.get(0);
        }
        logs.forEach(TraceMerge::requireWallClock);
        requireOwnNodes(logs);
        List<TraceEvent> events = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<TraceLog.Origin> origins = new ArrayList<>();
        int[] next = new int[logs.size()];
        while (true) {
            int earliest = -1;
            for (int f = 0; f < logs.size(); f++) {
                if (next[f] < logs.get(f).events().size() && (earliest < 0 || timeOf(logs, f, next) < timeOf(logs, earliest, next))) {
                    earliest = f;
                }
            }
            if (earliest < 0) {
                break;
            }
            TraceLog from = logs.get(earliest);
            int index = next[earliest]++;
            events.add(from.events().get(index));
            lines.add(from.line(index));
            origins.add(from.origin(index));
        }
        String name = logs.stream().map(TraceLog::name).collect(Collectors.joining(", "));
        return new TraceLog(name, events, lines, origins);
    }

    private static long timeOf(List<TraceLog> logs, int file, int[] next) {
        return logs.get(file).events().get(next[file]).time();
    }

    private static void requireWallClock(TraceLog log) {
        for (int k = 0; k < log.events().size(); k++) {
            long time = log.events().get(k).time();
            if (time < WALL_CLOCK_FLOOR_MILLIS) {
                TraceLog.Origin at = log.origin(k);
                throw new TraceFormatException(at.file() + ":" + at.line() + ": time " + time + " is not Unix epoch"
                        + " milliseconds (before " + Instant.ofEpochMilli(WALL_CLOCK_FLOOR_MILLIS) + "): a simulator's or"
                        + " relative clock compares with no other file's; replay that file alone");
            }
        }
    }

    private static void requireOwnNodes(List<TraceLog> logs) {
        Map<String, String> fileOfNode = new HashMap<>();
        for (TraceLog log : logs) {
            for (String node : log.nodes()) {
                String earlier = fileOfNode.putIfAbsent(node, log.name());
                if (earlier != null) {
                    throw new TraceFormatException("node '" + node + "' is in both " + earlier + " and " + log.name()
                            + ": one node's steps come from one process; give each process its own --trace-node");
                }
            }
        }
    }
}
