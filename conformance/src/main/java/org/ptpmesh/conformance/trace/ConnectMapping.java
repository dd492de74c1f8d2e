package org.ptpmesh.conformance.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ptpmesh.peer.PeerDefaults;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.NatTraversalAction;
import org.ptpmesh.trace.TraceEvent;

/**
 * A connecting pair onto spec/NatTraversal.tla after the NAT check (replayed by
 * spec/trace/TraceNatTraversal.tla): both peers' events for each other and the introducer's
 * INTRO or INTRO_ERROR for their requests, as one behaviour in file order, from the first
 * request on. The peer that asks first is the model's A. The table is in
 * docs/trace-validation.md ("The connect mapping").
 *
 * <p>Each record carries {@code t}: FALSE when the event breaks a timing assumption
 * ({@link ConnectTiming}); from there on the replay lets the model break them too, and a trace
 * that matches only so is reported as "timing assumption broken".
 */
public final class ConnectMapping implements TraceMapping {

    /** Introduction requests per connect, the first and Punching's 5 retries. */
    static final int INTRO_TRIES = 6;

    private static final Vocabulary<NatTraversalAction> ACTIONS = new Vocabulary<>(NatTraversalAction.class);
    private static final Map<String, String> MODEL_TYPE = Map.of("STATIC", "Static", "EASY", "Easy", "HARD", "Hard");
    private static final Map<String, String> MODEL_STRATEGY = Map.of("DIRECT", "direct", "LAN", "lan",
            "BIRTHDAY_PROBE", "probe", "BIRTHDAY_OPEN", "open", "RELAY", "relay");
    /** Too costly to replay in a run of many pairs: only with {@code birthday}. */
    private static final Set<String> BIRTHDAY = Set.of("BIRTHDAY_PROBE", "BIRTHDAY_OPEN");

    /** The timing assumptions a trace may break (TA_HandledInTime is never dropped: TraceNatTraversal). */
    private static final List<String> ASSUMPTIONS = List.of("TA_OpenersFirst",
            "TA_RoundsInStep", "TA_OpenerOutlastsProbes", "TA_RetryAfterExpiry", "TA_ConnectWhenRegistered");

    private final boolean conntrack;
    private final int maxLoss;
    private final boolean birthday;

    /** Pairs that used the birthday strategy are left out (see the three-argument constructor). */
    public ConnectMapping(boolean conntrack, int maxLoss) {
        this(conntrack, maxLoss, false);
    }

    /**
     * @param conntrack the NATs behave like Linux conntrack (the model's CONNTRACK)
     * @param maxLoss   packets the network may have lost during the pair's connects
     * @param birthday  replay pairs that used the birthday strategy too (256 openers and up to
     *                  1000 probes: up to a minute of TLC each)
     */
    public ConnectMapping(boolean conntrack, int maxLoss, boolean birthday) {
        this.conntrack = conntrack;
        this.maxLoss = maxLoss;
        this.birthday = birthday;
    }

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public List<MappedTrace> map(TraceLog log) {
        List<MappedTrace> traces = new ArrayList<>();
        for (ConnectPairs.Pair pair : ConnectPairs.of(log)) {
            PairMapper mapper = new PairMapper(log, pair, birthday);
            if (mapper.map()) {
                traces.add(new MappedTrace("TraceNatTraversal", pair.a() + "+" + pair.b(), mapper.out.records,
                        mapper.out.sources, constants(mapper)));
            }
        }
        return traces;
    }

    private Map<String, String> constants(PairMapper m) {
        Map<String, String> c = new HashMap<>();
        c.put("NAT_A", Tla.string(m.natKind(m.pair.a())));
        c.put("NAT_B", Tla.string(m.natKind(m.pair.b())));
        c.put("CONNTRACK", conntrack ? "TRUE" : "FALSE");
        c.put("LOW_TTL", "TRUE");
        c.put("LAN", m.lan ? "TRUE" : "FALSE");
        c.put("OPENERS", Integer.toString(m.opened ? PeerDefaults.BIRTHDAY_PORTS : 1));
        c.put("BDP_MAX", Integer.toString(PeerDefaults.BDP_MAX_PACKETS));
        c.put("PUNCH_TRIES", Integer.toString(PeerDefaults.PUNCH_RETRIES));
        c.put("INTRO_TRIES", Integer.toString(INTRO_TRIES));
        c.put("INTROS", Integer.toString(Math.max(1, m.requests)));
        c.put("FALLBACKS", Integer.toString(m.fallbacks));
        c.put("MAX_LOSS", Integer.toString(maxLoss));
        c.put("MSGS", Integer.toString(m.data.messages()));
        c.put("DataLogged", m.data.logged() ? "TRUE" : "FALSE");
        c.put("RunEnd", m.data.runEnd());
        c.put("START", Tla.string("classified"));
        for (String ta : ASSUMPTIONS) {
            c.put(ta + "(p)", "Trace" + ta + "(p)");
        }
        return c;
    }

    /**
     * A step a peer's own timer or introduction starts and that only sends (a punch round, an
     * opener, a probe): in a lab trace merged by milliseconds it goes before the other peer's
     * steps of its millisecond, one of which may be the receipt of what it sent.
     */
    private static boolean isTimedSend(TraceEvent e) {
        NatTraversalAction a = ACTIONS.named(e.event());
        return a == NatTraversalAction.PUNCH_TIMER || a == NatTraversalAction.SEND_OPENER
                || a == NatTraversalAction.SEND_PROBE;
    }

    /** The records of one pair. */
    private static final class PairMapper {
        final TraceLog log;
        final ConnectPairs.Pair pair;
        final RecordList out = new RecordList();
        final Map<String, String> natOf = new HashMap<>();
        final ConnectTiming timing = new ConnectTiming(PeerDefaults.BIRTHDAY_PORTS, PeerDefaults.BDP_MAX_PACKETS);
        final Map<String, Integer> mainPort = new HashMap<>();
        final Map<String, Integer> testPort = new HashMap<>();
        final Map<String, Map<Integer, Integer>> openerSocket = new HashMap<>();
        final Set<String> attemptOpen = new HashSet<>();
        final ConnectData data = new ConnectData();
        /** Peers whose router granted a port mapping (PortMapped). */
        final Set<String> mapped = new HashSet<>();
        final boolean birthday;
        boolean opened;
        /** An introduction chose the LAN strategy: both peers sit behind one NAT device (the model's LAN). */
        boolean lan;
        int requests;
        int fallbacks;

        PairMapper(TraceLog log, ConnectPairs.Pair pair, boolean birthday) {
            this.log = log;
            this.pair = pair;
            this.birthday = birthday;
        }

        /**
         * The model's NAT of a peer: a Hard NAT whose router forwards a mapped port is HardMapped
         * (its check finds Hard, it reports Static); the model has no Easy NAT with a mapping.
         */
        String natKind(String node) {
            String checked = natOf.get(node);
            return mapped.contains(node) && checked.equals("Hard") ? "HardMapped" : checked;
        }

        String model(String node) {
            return node.equals(pair.a()) ? "A" : "B";
        }

        String other(String node) {
            return node.equals(pair.a()) ? pair.idB() : pair.idA();
        }

        /**
         * False when the pair is not replayed: a peer with no NAT type the model has, or mapped by
         * its router behind a NAT its check does not find Hard; an introduction on the birthday
         * strategy unless asked for
         * (docs/trace-validation.md, "The connect mapping").
         */
        boolean map() {
            Map<Integer, String> served = servedRequests();
            boolean started = false;
            List<TraceEvent> events = log.events();
            for (int k : MillisecondOrder.sendsFirst(events, ConnectMapping::isTimedSend)) {
                TraceEvent e = events.get(k);
                String node = e.node();
                if (!node.equals(pair.a()) && !node.equals(pair.b())) {
                    continue;
                }
                if (notePeerState(e)) {
                    continue;
                }
                if (e.event().equals(DiagnosticEvent.PORT_MAPPED.actionName())) {
                    mapped.add(node);
                    timing.portMapped(model(node));
                    continue;
                }
                if (!other(node).equals(e.params().get("peer"))) {
                    continue; // a step toward some other peer, or not a connect step
                }
                String strategy = String.valueOf(e.params().get("strategy"));
                if (!birthday && BIRTHDAY.contains(strategy)) {
                    return false;
                }
                lan |= strategy.equals("LAN");
                started |= e.event().equals(NatTraversalAction.REQUEST_INTRO.actionName());
                if (started) {
                    mapEvent(k, e, served);
                }
            }
            return started && natOf.containsKey(pair.a()) && natOf.containsKey(pair.b())
                    && !(mapped.contains(pair.a()) && !natOf.get(pair.a()).equals("Hard"))
                    && !(mapped.contains(pair.b()) && !natOf.get(pair.b()).equals("Hard"));
        }

        /** Start, ClassifyNat: what the records need to know; true when e was one of them. */
        boolean notePeerState(TraceEvent e) {
            if (e.event().equals(DiagnosticEvent.START.actionName())) {
                mainPort.put(e.node(), number(e, "localPort"));
                testPort.put(e.node(), number(e, "testPort"));
                return true;
            }
            if (e.event().equals(NatTraversalAction.CLASSIFY_NAT.actionName())
                    && MODEL_TYPE.containsKey(String.valueOf(e.params().get("nat")))) {
                natOf.putIfAbsent(e.node(), MODEL_TYPE.get(String.valueOf(e.params().get("nat"))));
                timing.classified(model(e.node()), e.time());
                return true;
            }
            return false;
        }

        void mapEvent(int k, TraceEvent e, Map<Integer, String> served) {
            String p = model(e.node());
            if (e.event().equals(DiagnosticEvent.RECEIVE_INTRO_ERROR.actionName())) {
                add(k, "GiveUpIntro", p, 0, "", true);
                return;
            }
            if (e.event().equals(DiagnosticEvent.FALLBACK_TO_RELAY.actionName())) {
                attemptOpen.remove(p);
                timing.ended(p);
                fallbacks++;
                add(k, "FallbackToRelay", p, 0, "", true);
                return;
            }
            NatTraversalAction action = ACTIONS.named(e.event());
            if (action == null || data.map(k, e, p, released(k, e), out)) {
                return;
            }
            switch (action) {
                case REQUEST_INTRO -> {
                    requests++;
                    String outcome = served.getOrDefault(k, "none");
                    long attempt = outcome.startsWith("intro:") ? Long.parseLong(outcome.substring(6)) : 0;
                    add(k, "RequestIntro", p, attempt, outcome.replaceAll(":.*", ""), timing.isRequestTimely(p, e.time()));
                }
                case RECEIVE_INTRO -> {
                    String strategy = MODEL_STRATEGY.getOrDefault(String.valueOf(e.params().get("strategy")), "?");
                    if (strategy.equals("relay")) {
                        attemptOpen.remove(p);
                    } else {
                        attemptOpen.add(p);
                    }
                    timing.introTaken(p, number(e, "attempt"), strategy);
                    add(k, "ReceiveIntro", p, number(e, "attempt"), strategy, true);
                }
                case GIVE_UP_PUNCH -> {
                    // with no attempt open the request timer gave up: no INTRO came
                    if (attemptOpen.remove(p)) {
                        add(k, "GiveUpPunch", p, 0, "", timing.isGiveUpTimely(p, e.time()));
                    } else {
                        add(k, "GiveUpIntro", p, 0, "", true);
                    }
                }
                case PUNCH_TIMER -> add(k, "PunchTimer", p, number(e, "n"), "", timing.isRoundTimely(p, number(e, "n")));
                case OPEN_PORT -> {
                    opened = true;
                    Map<Integer, Integer> sockets = openerSocket.computeIfAbsent(e.node(), x -> new HashMap<>());
                    // the model's opener sockets are 3, 4, ... in the order they are opened
                    sockets.putIfAbsent(number(e, "port"), 3 + sockets.size());
                    timing.portOpened(p);
                    add(k, "OpenPort", p, 0, "", true);
                }
                case RECEIVE_PUNCH -> add(k, "ReceivePunch", p, confirmedSocket(k, e.node()), "", true);
                case PATH_CONFIRMED -> {
                    attemptOpen.remove(p);
                    timing.ended(p);
                    if (!previousIsPunch(k, e.node())) {
                        add(k, "PathConfirmed", p, socket(e.node(), number(e, "localPort")), "", true);
                    }
                }
                case SEND_OPENER -> {
                    timing.openerSent(p);
                    add(k, "SendOpener", p, 0, "", true);
                }
                case SEND_PROBE -> add(k, "SendProbe", p, probeReach(k, e.node()), "", timing.isProbeTimely(p));
                case UPGRADE_TO_DIRECT, RELAY_START -> add(k, action.actionName(), p, 0, "", true);
                default -> {
                    // the NAT check (nat-check mapping) and data B sends: not replayed here
                }
            }
        }

        /** The socket of the PathConfirmed a ReceivePunch is followed by in the same callback (0: none). */
        int confirmedSocket(int k, String node) {
            List<TraceEvent> events = log.events();
            for (int j = k + 1; j < events.size(); j++) {
                TraceEvent next = events.get(j);
                if (next.node().equals(node)) {
                    return next.event().equals(NatTraversalAction.PATH_CONFIRMED.actionName())
                            ? socket(node, number(next, "localPort")) : 0;
                }
            }
            return 0;
        }

        /**
         * The model socket of the opener a probe may have reached: the one on which the other
         * peer confirms the path by a PUNCH before it starts another attempt or gives up (0:
         * none). Which probe got there is TLC's to find (spec/trace/TraceNatTraversal.tla,
         * ProbePorts).
         */
        int probeReach(int k, String node) {
            String hardSide = node.equals(pair.a()) ? pair.b() : pair.a();
            List<TraceEvent> events = log.events();
            for (int j = k + 1; j < events.size(); j++) {
                TraceEvent next = events.get(j);
                if (!next.node().equals(hardSide) || !other(hardSide).equals(next.params().get("peer"))) {
                    continue;
                }
                if (next.event().equals(NatTraversalAction.RECEIVE_PUNCH.actionName())) {
                    return confirmedSocket(j, hardSide);
                }
                if (next.event().equals(NatTraversalAction.RECEIVE_INTRO.actionName())
                        || next.event().equals(NatTraversalAction.GIVE_UP_PUNCH.actionName())) {
                    return 0;
                }
            }
            return 0;
        }

        boolean previousIsPunch(int k, String node) {
            TraceEvent prev = previous(k, node);
            return prev != null && prev.event().equals(NatTraversalAction.RECEIVE_PUNCH.actionName());
        }

        /** Whether e, a delivery, follows another delivery of its node in the same step (same time). */
        boolean released(int k, TraceEvent e) {
            TraceEvent prev = previous(k, e.node());
            return prev != null && prev.event().equals(e.event()) && prev.time() == e.time()
                    && e.event().equals(NatTraversalAction.RECEIVE_DATA.actionName());
        }

        /** The node's event before event k (null: none). */
        TraceEvent previous(int k, String node) {
            for (int j = k - 1; j >= 0; j--) {
                TraceEvent prev = log.events().get(j);
                if (prev.node().equals(node)) {
                    return prev;
                }
            }
            return null;
        }

        /** The model's socket for a local port: main 1, test 2, openers 3, 4, ... (0: none of them). */
        int socket(String node, int localPort) {
            if (Integer.valueOf(localPort).equals(mainPort.get(node))) {
                return 1;
            }
            if (Integer.valueOf(localPort).equals(testPort.get(node))) {
                return 2;
            }
            return openerSocket.getOrDefault(node, Map.of()).getOrDefault(localPort, 0);
        }

        /**
         * For each RequestIntro (its event index), what introducer I1 did with it: "intro:ID" (an INTRO
         * under attempt ID), "error" (INTRO_ERROR); absent: nothing logged, the request was lost.
         */
        Map<Integer, String> servedRequests() {
            Map<Integer, String> served = new HashMap<>();
            Map<String, Integer> pending = new HashMap<>();
            Map<String, String> nodeOfId = Map.of(pair.idA(), pair.a(), pair.idB(), pair.b());
            List<TraceEvent> events = log.events();
            for (int k = 0; k < events.size(); k++) {
                TraceEvent e = events.get(k);
                Object peer = e.params().get("peer");
                if (e.event().equals(NatTraversalAction.REQUEST_INTRO.actionName()) && nodeOfId.containsKey(peer)
                        && (e.node().equals(pair.a()) || e.node().equals(pair.b()))) {
                    pending.put(e.node(), k);
                } else if (e.event().equals(DiagnosticEvent.INTRO.actionName())) {
                    String requester = nodeOfId.get(String.valueOf(e.params().get("a")));
                    if (requester != null && nodeOfId.containsKey(e.params().get("b")) && pending.containsKey(requester)) {
                        served.put(pending.remove(requester), "intro:" + number(e, "attempt"));
                    }
                } else if (e.event().equals(DiagnosticEvent.INTRO_ERROR.actionName())) {
                    String requester = nodeOfId.get(String.valueOf(peer));
                    if (requester != null && pending.containsKey(requester)) {
                        served.put(pending.remove(requester), "error");
                    }
                }
            }
            return served;
        }

        void add(int k, String action, String p, long x, String s, boolean timely) {
            out.add(k, "a", action, "p", p, "x", x, "s", s, "t", timely);
        }

        static int number(TraceEvent e, String param) {
            return e.params().get(param) instanceof Number n ? n.intValue() : -1;
        }
    }
}
