package org.ptpmesh.conformance.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.RendezvousAction;
import org.ptpmesh.trace.TraceEvent;

/**
 * A rendezvous server and its clients onto spec/Rendezvous.tla (replayed by
 * spec/trace/TraceRendezvous.tla) as one behaviour: the server's events and every client's, in
 * file order. Clients are numbered 1..N in order of appearance; a client node is the one the
 * server knows by the id its name carries ({@code client-<first 8 hex digits of the id>}, as
 * ptpmesh names them). Time is in ms from the first event. Each event is looked up by its
 * action name.
 *
 * <table>
 * <caption>events replayed</caption>
 * <tr><td>client SendRegister {reports}</td><td>max(1, reports) REGISTER datagrams in flight</td></tr>
 * <tr><td>client Shutdown</td><td>Shutdown(c)</td></tr>
 * <tr><td>client ReceiveList {page, pages, entries, complete}</td><td>ReceiveList(c, page + 1), the page count,
 * the entries and the completion compared with the model's</td></tr>
 * <tr><td>server Register {client, outcome}</td><td>Register(c): a join exactly when c is not registered</td></tr>
 * <tr><td>server ReceiveEcho {client}</td><td>c heard from: its silence starts again</td></tr>
 * <tr><td>server Unregister {client}, Purge {client, silentFor}</td><td>Unregister(c), Purge(c) after that
 * silence</td></tr>
 * <tr><td>server Publish {to, datagrams}</td><td>the model's Publish for the clients in to</td></tr>
 * </table>
 *
 * Every step also compares the size the node logged in its state: the registry's for the server,
 * the client's list's for a client. Left out: the server's Challenge and AnswerChallenge (the
 * address validation round trip is part of the REGISTER's delivery: the registration takes effect
 * at its Register), Drop and DropsUnlogged (a refused datagram is a lost one), and the clients'
 * probes, echoes and RegisterForm (not part of Rendezvous).
 */
public final class RendezvousMapping implements TraceMapping {

    private static final Vocabulary<RendezvousAction> ACTIONS = new Vocabulary<>(RendezvousAction.class);
    private static final String CLIENT_NODE_PREFIX = "client-";
    /** Hex digits of its id a client's node name carries. */
    private static final int NODE_ID_DIGITS = 8;
    /** TraceRendezvous's step for a ReceiveEcho of the server: the client was heard from. */
    private static final String HEARD = "Heard";

    private final long purgeMillis;
    private final long purgeCheckMillis;

    /**
     * @param purgeMillis      the server's purge window ({@code ptpserver --purge})
     * @param purgeCheckMillis how often the server looks for clients to purge
     *                         ({@code ServerConfig.purgeCheckEvery()})
     */
    public RendezvousMapping(long purgeMillis, long purgeCheckMillis) {
        if (purgeMillis <= 0 || purgeCheckMillis <= 0) {
            throw new IllegalArgumentException("the purge window (" + purgeMillis + " ms) and its check period ("
                    + purgeCheckMillis + " ms) must be positive");
        }
        this.purgeMillis = purgeMillis;
        this.purgeCheckMillis = purgeCheckMillis;
    }

    @Override
    public String name() {
        return "rendezvous";
    }

    @Override
    public List<MappedTrace> map(TraceLog log) {
        List<MappedTrace> traces = new ArrayList<>();
        for (String server : servers(log)) {
            traces.add(mapServer(log, server));
        }
        return traces;
    }

    /** The nodes that log the server's side of Rendezvous. */
    private static Set<String> servers(TraceLog log) {
        Set<String> servers = new LinkedHashSet<>();
        for (TraceEvent e : log.events()) {
            RendezvousAction a = ACTIONS.named(e.event());
            if (a == RendezvousAction.REGISTER || a == RendezvousAction.UNREGISTER || a == RendezvousAction.PURGE
                    || a == RendezvousAction.PUBLISH) {
                servers.add(e.node());
            }
        }
        return servers;
    }

    private MappedTrace mapServer(TraceLog log, String server) {
        ClientNumbers numbers = new ClientNumbers();
        RecordList out = new RecordList();
        long start = log.events().get(0).time();
        int fullestPage = 0;
        for (int k : sendsFirstWithinAMillisecond(log.events())) {
            TraceEvent e = log.events().get(k);
            long t = e.time() - start;
            if (e.node().equals(server)) {
                mapServerEvent(e, k, t, numbers, out);
            } else if (isClientNode(e.node())) {
                RendezvousAction a = ACTIONS.named(e.event());
                if (a == null) {
                    continue; // probes, echoes, the register form: not part of Rendezvous
                }
                int c = numbers.ofNode(e.node());
                long size = number(e.state().get("peers"));
                switch (a) {
                    case SEND_REGISTER -> out.add(k, "a", a.actionName(), "c", c, "t", t, "s", size,
                            "n", Math.max(1, number(e.params().get("reports"))));
                    case SHUTDOWN -> out.add(k, "a", a.actionName(), "c", c, "t", t, "s", size);
                    case RECEIVE_LIST -> {
                        int entries = (int) number(e.params().get("entries"));
                        long pages = number(e.params().get("pages"));
                        if (pages > 1) {
                            fullestPage = Math.max(fullestPage, entries);
                        }
                        out.add(k, "a", a.actionName(), "c", c, "t", t, "s", size,
                                "k", number(e.params().get("page")) + 1, "p", pages, "n", entries,
                                "x", Boolean.TRUE.equals(e.params().get("complete")));
                    }
                    default -> {
                        // the server's actions, logged by a client: not this client's part
                    }
                }
            }
        }
        int n = Math.max(1, numbers.count());
        Map<String, String> constants = new HashMap<>();
        constants.put("N", Integer.toString(n));
        constants.put("PURGE", Long.toString(purgeMillis));
        constants.put("CHECK", Long.toString(purgeCheckMillis));
        // the pager fills a datagram, not a count: with entries of one size (one address family),
        // every page but the last holds what the fullest one does; a list that never took two
        // pages fits one
        constants.put("PAGE", Integer.toString(fullestPage > 0 ? fullestPage : n));
        constants.put("MayStop", "1.." + n);
        // timers and loss are not replayed through the model's counters (TraceRendezvous)
        constants.put("REGISTER_EVERY", "1");
        constants.put("PUBLISH_EVERY", "1");
        constants.put("MAX_LOSS", "0");
        return new MappedTrace("TraceRendezvous", server, out.records, out.sources, constants);
    }

    /**
     * The events' indexes in file order, except within one millisecond: there a step that sends
     * (a client's SendRegister or Shutdown, the server's Publish) goes before the other nodes'
     * steps of that millisecond. Several processes' traces are merged by their clocks' ms, and
     * the file named first goes first at equal times, so a SHUTDOWN's Unregister could come
     * before the Shutdown that sent it. Each node's own order is kept.
     */
    static List<Integer> sendsFirstWithinAMillisecond(List<TraceEvent> events) {
        return MillisecondOrder.sendsFirst(events, RendezvousMapping::isSend);
    }

    private static boolean isSend(TraceEvent e) {
        RendezvousAction a = ACTIONS.named(e.event());
        return a == RendezvousAction.SEND_REGISTER || a == RendezvousAction.SHUTDOWN || a == RendezvousAction.PUBLISH;
    }

    private static void mapServerEvent(TraceEvent e, int k, long t, ClientNumbers numbers, RecordList out) {
        long size = number(e.state().get("clients"));
        if (e.event().equals(DiagnosticEvent.RECEIVE_ECHO.actionName()) && e.params().get("client") instanceof String id) {
            out.add(k, "a", HEARD, "c", numbers.ofId(id), "t", t, "s", size);
            return;
        }
        RendezvousAction a = ACTIONS.named(e.event());
        if (a == null) {
            return; // Start, Challenge, AnswerChallenge, Drop, DropsUnlogged: outside the model
        }
        switch (a) {
            case REGISTER -> out.add(k, "a", a.actionName(), "c", numbers.ofId(String.valueOf(e.params().get("client"))),
                    "t", t, "s", size, "o", String.valueOf(e.params().get("outcome")));
            case UNREGISTER -> out.add(k, "a", a.actionName(), "c",
                    numbers.ofId(String.valueOf(e.params().get("client"))), "t", t, "s", size);
            case PURGE -> out.add(k, "a", a.actionName(), "c", numbers.ofId(String.valueOf(e.params().get("client"))),
                    "t", t, "s", size, "n", number(e.params().get("silentFor")));
            case PUBLISH -> {
                Set<Integer> to = new LinkedHashSet<>();
                if (e.params().get("to") instanceof List<?> ids) {
                    ids.forEach(id -> to.add(numbers.ofId(String.valueOf(id))));
                }
                out.add(k, "a", a.actionName(), "t", t, "s", size, "to", to, "n", number(e.params().get("datagrams")));
            }
            default -> {
                // the clients' actions, logged by the server: not its part
            }
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** A client node, named {@code client-<id>} by the core, {@code PROCESS/client-<id>} in a real process's trace. */
    private static boolean isClientNode(String node) {
        return localName(node).startsWith(CLIENT_NODE_PREFIX);
    }

    /** The core's name of a node: what follows the process's name ({@code --trace-node}) in a real process's trace. */
    private static String localName(String node) {
        return node.substring(node.lastIndexOf('/') + 1);
    }

    /**
     * Clients numbered 1, 2, ... in order of appearance, whether first seen as a client node or in
     * a server event; a node {@code client-1a2b3c4d} is the client whose id starts with 1a2b3c4d.
     */
    private static final class ClientNumbers {

        private final Map<String, Integer> byPrefix = new LinkedHashMap<>();

        int ofNode(String node) {
            return of(localName(node).substring(CLIENT_NODE_PREFIX.length()));
        }

        int ofId(String id) {
            return of(id.substring(0, Math.min(NODE_ID_DIGITS, id.length())));
        }

        private int of(String prefix) {
            return byPrefix.computeIfAbsent(prefix.toLowerCase(Locale.ROOT), p -> byPrefix.size() + 1);
        }

        int count() {
            return byPrefix.size();
        }
    }
}
