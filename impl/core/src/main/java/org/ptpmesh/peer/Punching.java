package org.ptpmesh.peer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.messages.Received;
import org.ptpmesh.nat.BirthdayOdds;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.nat.Strategy;
import org.ptpmesh.node.Effects;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.NatTraversalAction;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * A peer's connect attempts: asking for introductions, and on each INTRO running the strategy
 * its NAT pair calls for (docs/protocol.md section 6.4) until a path is confirmed or the attempt
 * gives up and traffic stays on the relay.
 *
 * <p>Packets that only open this side's NAT (openers) go out with the configured low TTL, and
 * normal punches or probes start only after {@code punchDelayMillis}, when the far side's
 * openers can be in place: on Linux NATs an early packet from the far side would otherwise
 * leave conntrack state that moves this side's mapping to another port.
 */
final class Punching {

    /** Introduction requests sent again before giving up (each after pingRetryMillis). */
    private static final int INTRO_RETRIES = 5;

    private final Peer peer;
    private final Map<PeerId, Attempt> attempts = new HashMap<>();
    private final Map<PeerId, Long> introRequested = new HashMap<>();
    private final Map<PeerId, Integer> introRetries = new HashMap<>();
    final List<AttemptResult> results = new ArrayList<>();

    Punching(Peer peer) {
        this.peer = peer;
    }

    /** Seed 001's connect: ask introducer A, at most once per CONNECTING_MAX_TIME per target. */
    void requestIntro(PeerId target, long now, Effects out) {
        RemotePeer remote = peer.remotes.get(target);
        if (remote != null && remote.path == Path.DIRECT) {
            return;
        }
        Attempt open = attempts.get(target);
        if (open != null && open.isOpen()) {
            return;
        }
        Long asked = introRequested.get(target);
        if (asked != null && now - asked < peer.config.connectingMaxMillis()) {
            return;
        }
        introRequested.put(target, now);
        introRetries.put(target, 0);
        sendIntroRequest(target, now, out);
    }

    private void sendIntroRequest(PeerId target, long now, Effects out) {
        out.send(peer.config.localPort(), peer.config.introducerA().endpoint(), Messages.introRequest(peer.self, target, peer.nat));
        peer.tracer.step(out, now, NatTraversalAction.REQUEST_INTRO).param("peer", target.shortName()).log();
        out.setTimer(timer("intro", target), now + peer.config.pingRetryMillis());
    }

    /** No INTRO yet: the request or both introductions were lost. Ask again, a few times. */
    private void retryIntroRequest(PeerId target, long now, Effects out) {
        Integer retries = introRetries.get(target);
        if (retries == null || !introRequested.containsKey(target)) {
            return;
        }
        if (retries >= INTRO_RETRIES) {
            introRequested.remove(target);
            introRetries.remove(target);
            peer.tracer.step(out, now, NatTraversalAction.GIVE_UP_PUNCH).param("peer", target.shortName())
                    .param("probes", 0).log();
            results.add(new AttemptResult(target, 0, Strategy.RELAY, "GAVE_UP", now, now, 0));
            return;
        }
        introRetries.put(target, retries + 1);
        sendIntroRequest(target, now, out);
    }

    /** Seed 001's onIntro and addPeer: learn the other peer and start the strategy for the pair. */
    void onIntro(Received m, long now, Effects out) {
        PeerId target = m.target();
        if (target.equals(peer.self)) {
            peer.drops.count("intro_for_self");
            return;
        }
        long attemptId = m.uint(TlvTypes.ATTEMPT, 0);
        Attempt previous = attempts.get(target);
        if (previous != null && previous.id == attemptId) {
            peer.drops.count("duplicate_intro");
            return;
        }
        if (previous != null && previous.isOpen() && attemptId < previous.id) {
            // Both sides asked at once: each gets two INTROs, maybe in different orders. The
            // introducer numbers attempts upward, so keeping the highest makes both sides agree.
            peer.drops.count("stale_intro");
            return;
        }
        RemotePeer remote = peer.remotes.computeIfAbsent(target, id -> new RemotePeer(id, false, now));
        if (remote.introducer) {
            peer.drops.count("intro_for_introducer");
            return;
        }
        if (remote.path == Path.DIRECT) {
            return;
        }
        forget(target, out);
        remote.publicAddress = m.address(TlvTypes.PEERADDR);
        remote.lanAddress = m.address(TlvTypes.PEERLANADDR);
        remote.nat = NatType.fromCode(m.uint(TlvTypes.PEERNAT, 0));
        boolean relayStarts = remote.path == Path.NONE;
        if (relayStarts) {
            remote.path = Path.RELAY;
        }
        boolean samePublic = remote.lanAddress != null && peer.publicAddress != null
                && remote.publicAddress.address().equals(peer.publicAddress.address());
        // relay-only: the introduction still happens (the introducer relays only between peers it introduced)
        Strategy strategy = peer.config.relayOnly() ? Strategy.RELAY : Strategy.choose(peer.nat, remote.nat, samePublic);
        Attempt attempt = new Attempt(target, attemptId, strategy, now,
                strategy == Strategy.BIRTHDAY_PROBE ? remote.publicAddress : null);
        attempts.put(target, attempt);
        introRequested.remove(target);
        introRetries.remove(target);
        out.cancelTimer(timer("intro", target));
        peer.tracer.step(out, now, NatTraversalAction.RECEIVE_INTRO).param("peer", target.shortName())
                .param("attempt", attemptId).param("strategy", strategy.name()).param("peerNat", remote.nat.name())
                .param("peerAddress", remote.publicAddress.toString()).log();
        if (relayStarts && strategy != Strategy.RELAY) {
            // Relay first: until a direct path is confirmed, traffic to the peer goes through the
            // relay (a RELAY strategy logs this step when its attempt ends, below).
            peer.tracer.step(out, now, NatTraversalAction.RELAY_START).param("peer", target.shortName()).log();
        }
        switch (strategy) {
            case DIRECT, LAN -> startDirect(attempt, remote, now, out);
            case BIRTHDAY_PROBE -> {
                out.setTimer(timer("probe", target), now + peer.config.punchDelayMillis());
                out.setTimer(timer("giveup", target), now + peer.config.connectingMaxMillis() + peer.config.punchDelayMillis());
            }
            case BIRTHDAY_OPEN -> openBirthdayPorts(attempt, remote, now, out);
            case RELAY -> end(attempt, remote, "RELAYED", now, out);
        }
    }

    void onIntroError(Received m, long now, Effects out) {
        PeerId target = m.target();
        if (introRequested.remove(target) == null) {
            peer.drops.count("unexpected_intro_error");
            return;
        }
        introRetries.remove(target);
        out.cancelTimer(timer("intro", target));
        peer.tracer.step(out, now, DiagnosticEvent.RECEIVE_INTRO_ERROR).param("peer", target.shortName())
                .param("error", m.uint(TlvTypes.ERRCODE, 0)).log();
        results.add(new AttemptResult(target, 0, Strategy.RELAY, "GAVE_UP", now, now, 0));
    }

    private void startDirect(Attempt attempt, RemotePeer remote, long now, Effects out) {
        attempt.punchTargets.add(remote.publicAddress);
        if (attempt.strategy == Strategy.LAN) {
            attempt.punchTargets.add(remote.lanAddress);
        }
        for (Endpoint to : attempt.punchTargets) {
            out.send(peer.config.localPort(), to, Messages.punch(peer.self, attempt.id, -1), peer.config.openerTtl());
        }
        peer.tracer.step(out, now, NatTraversalAction.SEND_OPENER).param("peer", attempt.target.shortName())
                .param("count", attempt.punchTargets.size()).param("ttl", peer.config.openerTtl()).log();
        out.setTimer(timer("punch", attempt.target), now + peer.config.punchDelayMillis());
    }

    private void openBirthdayPorts(Attempt attempt, RemotePeer remote, long now, Effects out) {
        while (attempt.openedPorts.size() < peer.config.birthdayPorts()) {
            openOne(attempt, remote, now, out);
        }
        out.setTimer(timer("giveup", attempt.target), now + peer.config.connectingMaxMillis() + peer.config.punchDelayMillis());
    }

    private void openOne(Attempt attempt, RemotePeer remote, long now, Effects out) {
        int port;
        do {
            port = BirthdayOdds.FIRST_PORT + peer.random.nextInt(BirthdayOdds.PORT_SPACE);
        } while (port == peer.config.localPort() || port == peer.config.testPort() || isOpenedAnywhere(port));
        attempt.openedPorts.add(port);
        out.bind(port);
        out.send(port, remote.publicAddress, Messages.punch(peer.self, attempt.id, -1), peer.config.openerTtl());
        peer.tracer.step(out, now, NatTraversalAction.OPEN_PORT).param("peer", attempt.target.shortName())
                .param("port", port).param("ttl", peer.config.openerTtl()).log();
    }

    private boolean isOpenedAnywhere(int port) {
        for (Attempt a : attempts.values()) {
            if (a.openedPorts.contains(port)) {
                return true;
            }
        }
        return false;
    }

    void onBindFailed(int port, long now, Effects out) {
        for (Attempt a : attempts.values()) {
            if (a.isOpen() && a.openedPorts.remove(port)) {
                RemotePeer remote = peer.remotes.get(a.target);
                if (remote != null) {
                    openOne(a, remote, now, out);
                }
                return;
            }
        }
    }

    /** A punch or probe reached us: answer it and take the path, if an INTRO vouched for the sender. */
    void onPunch(Received m, int localPort, Endpoint from, long now, Effects out) {
        Attempt attempt = attempts.get(m.sender());
        RemotePeer remote = peer.remotes.get(m.sender());
        if (remote != null && remote.isDirectFrom(localPort, from)) {
            // Our answer to a late punch was lost or is still on its way: answer again.
            out.send(localPort, from, Messages.punchAck(peer.self, m.uint(TlvTypes.ATTEMPT, 0), from));
            return;
        }
        if (!vouched(attempt, remote, m, from)) {
            peer.drops.count("punch_unvouched");
            return;
        }
        out.send(localPort, from, Messages.punchAck(peer.self, attempt.id, from));
        peer.tracer.step(out, now, NatTraversalAction.RECEIVE_PUNCH).param("peer", attempt.target.shortName())
                .param("from", from.toString()).log();
        confirm(attempt, remote, localPort, from, now, out);
    }

    void onPunchAck(Received m, int localPort, Endpoint from, long now, Effects out) {
        Attempt attempt = attempts.get(m.sender());
        RemotePeer remote = peer.remotes.get(m.sender());
        if (remote != null && remote.isDirectFrom(localPort, from)) {
            return;
        }
        if (!vouched(attempt, remote, m, from)) {
            peer.drops.count("punch_ack_unvouched");
            return;
        }
        confirm(attempt, remote, localPort, from, now, out);
    }

    /** The sender is the target of an open attempt with this id, and writes from an address the INTRO gave. */
    private static boolean vouched(Attempt attempt, RemotePeer remote, Received m, Endpoint from) {
        if (attempt == null || !attempt.isOpen() || remote == null || attempt.id != m.uint(TlvTypes.ATTEMPT, -1)) {
            return false;
        }
        return from.address().equals(remote.publicAddress.address())
                || (remote.lanAddress != null && from.address().equals(remote.lanAddress.address()));
    }

    private void confirm(Attempt attempt, RemotePeer remote, int localPort, Endpoint from, long now, Effects out) {
        Path before = remote.path;
        remote.path = Path.DIRECT;
        remote.directLocalPort = localPort;
        remote.directEndpoint = from;
        remote.lastDirectAnswer = now;
        attempt.openedPorts.remove(localPort);
        peer.tracer.step(out, now, NatTraversalAction.PATH_CONFIRMED).param("peer", attempt.target.shortName())
                .param("localPort", localPort).param("remote", from.toString())
                .param("probes", probesOf(attempt)).log();
        peer.answered(remote, now, out);
        if (before == Path.RELAY) {
            peer.tracer.step(out, now, NatTraversalAction.UPGRADE_TO_DIRECT)
                    .param("peer", attempt.target.shortName()).log();
        }
        end(attempt, remote, "DIRECT", now, out);
        peer.messages().flushPending(remote, now, out);
    }

    private static int probesOf(Attempt attempt) {
        return attempt.strategy == Strategy.BIRTHDAY_PROBE ? attempt.probesSent : attempt.punchesSent;
    }

    void onTimer(String key, long now, Effects out) {
        int colon = key.indexOf(':');
        if (colon < 0) {
            return;
        }
        PeerId target = PeerId.fromHex(key.substring(colon + 1));
        if (key.startsWith("intro:")) {
            retryIntroRequest(target, now, out);
            return;
        }
        Attempt attempt = attempts.get(target);
        RemotePeer remote = peer.remotes.get(target);
        if (attempt == null || !attempt.isOpen() || remote == null) {
            return;
        }
        switch (key.substring(0, colon)) {
            case "punch" -> punchAgain(attempt, remote, now, out);
            case "probe" -> probe(attempt, remote, now, out);
            case "giveup" -> end(attempt, remote, "GAVE_UP", now, out);
            default -> {
            }
        }
    }

    private void punchAgain(Attempt attempt, RemotePeer remote, long now, Effects out) {
        if (attempt.punchesSent >= peer.config.punchRetries()) {
            end(attempt, remote, "GAVE_UP", now, out);
            return;
        }
        for (Endpoint to : attempt.punchTargets) {
            out.send(peer.config.localPort(), to, Messages.punch(peer.self, attempt.id, -1));
        }
        attempt.punchesSent++;
        peer.tracer.step(out, now, NatTraversalAction.PUNCH_TIMER).param("peer", attempt.target.shortName())
                .param("n", attempt.punchesSent).log();
        out.setTimer(timer("punch", attempt.target), now + peer.config.punchIntervalMillis());
    }

    /** Birthday, Easy side: one probe to a port of the Hard side not probed before. */
    private void probe(Attempt attempt, RemotePeer remote, long now, Effects out) {
        if (attempt.probesSent >= peer.config.bdpMaxPackets()) {
            end(attempt, remote, "GAVE_UP", now, out);
            return;
        }
        int port;
        do {
            port = BirthdayOdds.FIRST_PORT + peer.random.nextInt(BirthdayOdds.PORT_SPACE);
        } while (!attempt.probedPorts.add(port));
        Endpoint to = new Endpoint(attempt.hardSide.address(), port);
        out.send(peer.config.localPort(), to, Messages.punch(peer.self, attempt.id, attempt.probesSent));
        attempt.probesSent++;
        peer.tracer.step(out, now, NatTraversalAction.SEND_PROBE).param("peer", attempt.target.shortName())
                .param("n", attempt.probesSent).param("port", port).log();
        // Paced from the attempt's start, not from now: a real timer fires a little late, and
        // counting from now would let CONNECTING_MAX_TIME end the attempt ~10% of the probes short.
        long next = attempt.startedAt + peer.config.punchDelayMillis() + attempt.probesSent * peer.config.bdpMillis();
        out.setTimer(timer("probe", attempt.target), Math.max(now, next));
    }

    private void end(Attempt attempt, RemotePeer remote, String outcome, long now, Effects out) {
        attempt.outcome = Attempt.Outcome.valueOf(outcome);
        cancelTimers(attempt.target, out);
        closePorts(attempt, out);
        if (!outcome.equals("DIRECT")) {
            if (remote.path != Path.DIRECT) {
                remote.path = Path.RELAY;
            }
            peer.tracer.step(out, now, outcome.equals("RELAYED") ? NatTraversalAction.RELAY_START : NatTraversalAction.GIVE_UP_PUNCH)
                    .param("peer", attempt.target.shortName()).param("probes", probesOf(attempt)).log();
        }
        results.add(new AttemptResult(attempt.target, attempt.id, attempt.strategy, outcome, attempt.startedAt, now,
                probesOf(attempt)));
    }

    /** Drops any attempt toward {@code target} (a new INTRO, a forgotten peer, a failed path). */
    void forget(PeerId target, Effects out) {
        Attempt attempt = attempts.remove(target);
        if (attempt != null) {
            cancelTimers(target, out);
            closePorts(attempt, out);
        }
    }

    private void closePorts(Attempt attempt, Effects out) {
        for (Iterator<Integer> it = attempt.openedPorts.iterator(); it.hasNext(); ) {
            out.unbind(it.next());
            it.remove();
        }
    }

    private static void cancelTimers(PeerId target, Effects out) {
        out.cancelTimer(timer("punch", target));
        out.cancelTimer(timer("probe", target));
        out.cancelTimer(timer("giveup", target));
    }

    private static String timer(String what, PeerId target) {
        return what + ":" + target;
    }
}
