package org.ptpmesh.peer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.messages.Received;
import org.ptpmesh.nat.BirthdayOdds;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.nat.Strategy;
import org.ptpmesh.node.DropCounters;
import org.ptpmesh.node.Effects;
import org.ptpmesh.peer.PeerTimer.PunchStep;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.NatTraversalAction;
import org.ptpmesh.trace.Tracer;
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
    /**
     * How many punch intervals past the punch delay a peer Static by port mapping waits before its
     * own first punch, so that the other side's first punch (sent at the punch delay) reaches the
     * mapped port before it: two, so one lost or late punch of the other side still comes first.
     */
    private static final int MAPPED_PUNCH_WAIT_INTERVALS = 2;

    private final PeerConfig config;
    private final PeerId self;
    private final LocalNat local;
    private final RemotePeers remotes;
    private final Tracer tracer;
    private final RandomGenerator random;
    private final DropCounters drops;
    private final DirectPathListener onDirect;
    private final Map<PeerId, Attempt> attempts = new HashMap<>();
    private final Map<PeerId, Long> introRequested = new HashMap<>();
    private final Map<PeerId, Integer> introRetries = new HashMap<>();
    final List<AttemptResult> results = new ArrayList<>();

    /** What this side's NAT check found, as the introductions it asks for and the strategy need it. */
    interface LocalNat {
        NatType nat();

        /** Null before the first pong. */
        Endpoint publicAddress();

        /** Whether this side is Static by a port mapping its gateway holds (docs/peer.md, "Port mapping"). */
        boolean portMapped();
    }

    /** Told when an attempt confirmed a direct path and the link moved to it. */
    @FunctionalInterface
    interface DirectPathListener {
        void confirmed(RemotePeer remote, long now, Effects out);
    }

    /**
     * @param remotes  where an INTRO's peer is learned and a punch's sender looked up; each
     *                 remote's link is the only thing that changes its path
     * @param random   the birthday strategy's port choices (seeded in the simulator)
     * @param onDirect the peer's liveness and pending data follow a confirmed path
     */
    Punching(PeerConfig config, PeerId self, LocalNat local, RemotePeers remotes, Tracer tracer, RandomGenerator random,
             DropCounters drops, DirectPathListener onDirect) {
        this.config = config;
        this.self = self;
        this.local = local;
        this.remotes = remotes;
        this.tracer = tracer;
        this.random = random;
        this.drops = drops;
        this.onDirect = onDirect;
    }

    /** The introducer design's connect: ask introducer A, at most once per CONNECTING_MAX_TIME per target. */
    void requestIntro(PeerId target, long now, Effects out) {
        RemotePeer remote = remotes.get(target);
        if (remote != null && remote.link.isDirect()) {
            return;
        }
        Attempt last = attempts.get(target);
        if (last != null && (last.isOpen() || relayedRecently(last, now))) {
            return;
        }
        Long asked = introRequested.get(target);
        if (asked != null && now - asked < config.connectingMaxMillis()) {
            return;
        }
        introRequested.put(target, now);
        introRetries.put(target, 0);
        sendIntroRequest(target, now, out);
    }

    /**
     * An introduction that chose the relay ends at once, and every message sent on the relay asks
     * to connect: without this, each one would cost the introducer another INTRO round.
     */
    private boolean relayedRecently(Attempt last, long now) {
        return last.outcome == AttemptOutcome.RELAYED && now - last.startedAt < config.connectingMaxMillis();
    }

    private void sendIntroRequest(PeerId target, long now, Effects out) {
        out.send(config.localPort(), config.introducerA().endpoint(), Messages.introRequest(self, target, local.nat()));
        tracer.step(out, now, NatTraversalAction.REQUEST_INTRO).param("peer", target.shortName()).log();
        out.setTimer(new PeerTimer.Punch(PunchStep.INTRO, target), now + config.pingRetryMillis());
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
            tracer.step(out, now, NatTraversalAction.GIVE_UP_PUNCH).param("peer", target.shortName())
                    .param("probes", 0).log();
            results.add(new AttemptResult(target, 0, Strategy.RELAY, AttemptOutcome.GAVE_UP, now, now, 0));
            return;
        }
        introRetries.put(target, retries + 1);
        sendIntroRequest(target, now, out);
    }

    /** The introducer design's onIntro and addPeer: learn the other peer and start the strategy for the pair. */
    void onIntro(Received m, long now, Effects out) {
        PeerId target = m.target();
        if (target.equals(self)) {
            drops.count(PeerDropReason.INTRO_FOR_SELF);
            return;
        }
        long attemptId = m.uint(TlvTypes.ATTEMPT, 0);
        Attempt previous = attempts.get(target);
        if (previous != null && previous.id == attemptId) {
            drops.count(PeerDropReason.DUPLICATE_INTRO);
            return;
        }
        if (previous != null && previous.isOpen() && attemptId < previous.id) {
            // Both sides asked at once: each gets two INTROs, maybe in different orders. The
            // introducer numbers attempts upward, so keeping the highest makes both sides agree.
            drops.count(PeerDropReason.STALE_INTRO);
            return;
        }
        if (previous != null && previous.isOpen() && isOtherFamily(m.address(TlvTypes.PEERADDR))) {
            // A dual-stack peer asks on both families at once: its half of our family is punching
            // with us in this attempt, and its other half's introduction (relay only, across
            // families) must not end that.
            drops.count(PeerDropReason.OTHER_FAMILY_INTRO);
            return;
        }
        RemotePeer remote = remotes.learn(target, now);
        if (remote.introducer) {
            drops.count(PeerDropReason.INTRO_FOR_INTRODUCER);
            return;
        }
        if (remote.link.isDirect()) {
            return;
        }
        forget(target, out);
        remote.publicAddress = m.address(TlvTypes.PEERADDR);
        remote.lanAddress = m.address(TlvTypes.PEERLANADDR);
        remote.nat = NatType.fromCode(m.uint(TlvTypes.PEERNAT, 0));
        remote.key = m.message().bytes(TlvTypes.PEERKEY).orElse(null);
        Endpoint publicAddress = local.publicAddress();
        boolean samePublic = remote.lanAddress != null && publicAddress != null
                && remote.publicAddress.address().equals(publicAddress.address());
        // relay-only: the introduction still happens (the introducer relays only between peers it introduced);
        // a peer of the other IP family (a dual-stack introducer's) has no direct path from this socket
        Strategy strategy = config.relayOnly() || isOtherFamily(remote.publicAddress) ? Strategy.RELAY
                : Strategy.choose(local.nat(), remote.nat, samePublic);
        Attempt attempt = new Attempt(target, attemptId, strategy, now,
                strategy == Strategy.BIRTHDAY_PROBE ? remote.publicAddress : null);
        attempts.put(target, attempt);
        introRequested.remove(target);
        introRetries.remove(target);
        out.cancelTimer(new PeerTimer.Punch(PunchStep.INTRO, target));
        tracer.step(out, now, NatTraversalAction.RECEIVE_INTRO).param("peer", target.shortName())
                .param("attempt", attemptId).param("strategy", strategy.name()).param("peerNat", remote.nat.name())
                .param("peerAddress", remote.publicAddress.toString()).log();
        if (remote.link.path() == Path.NONE) {
            // Relay first: until a direct path is confirmed, traffic to the peer goes through the relay.
            remote.link.startRelay(now, out);
        }
        switch (strategy) {
            case DIRECT, LAN -> startDirect(attempt, remote, now, out);
            case BIRTHDAY_PROBE -> {
                out.setTimer(new PeerTimer.Punch(PunchStep.PROBE, target), now + config.punchDelayMillis());
                out.setTimer(new PeerTimer.Punch(PunchStep.GIVE_UP, target), now + config.connectingMaxMillis() + config.punchDelayMillis());
            }
            case BIRTHDAY_OPEN -> openBirthdayPorts(attempt, remote, now, out);
            case RELAY -> end(attempt, AttemptOutcome.RELAYED, now, out);
        }
    }

    /** Whether {@code peerAddress} is of the other IP family than the public address this peer registered with. */
    private boolean isOtherFamily(Endpoint peerAddress) {
        Endpoint publicAddress = local.publicAddress();
        return publicAddress != null && peerAddress != null && peerAddress.isIpv4() != publicAddress.isIpv4();
    }

    void onIntroError(Received m, long now, Effects out) {
        PeerId target = m.target();
        if (introRequested.remove(target) == null) {
            drops.count(PeerDropReason.UNEXPECTED_INTRO_ERROR);
            return;
        }
        introRetries.remove(target);
        out.cancelTimer(new PeerTimer.Punch(PunchStep.INTRO, target));
        tracer.step(out, now, DiagnosticEvent.RECEIVE_INTRO_ERROR).param("peer", target.shortName())
                .param("error", m.uint(TlvTypes.ERRCODE, 0)).log();
        results.add(new AttemptResult(target, 0, Strategy.RELAY, AttemptOutcome.GAVE_UP, now, now, 0));
    }

    private void startDirect(Attempt attempt, RemotePeer remote, long now, Effects out) {
        attempt.punchTargets.add(remote.publicAddress);
        if (attempt.strategy == Strategy.LAN) {
            attempt.punchTargets.add(remote.lanAddress);
        }
        if (local.portMapped() && attempt.strategy == Strategy.DIRECT) {
            // The other side's punch to our mapped port must come first: its conntrack entry (the
            // gateway's DNAT) then carries our answers and punches out through the mapped port. An
            // opener or early punch of ours would make an entry of its own from a random port, and
            // the far side's punch, whose answer would clash with it, would be dropped.
            out.setTimer(new PeerTimer.Punch(PunchStep.PUNCH, attempt.target),
                    now + config.punchDelayMillis() + mappedPunchWaitIntervals(remote) * config.punchIntervalMillis());
            return;
        }
        for (Endpoint to : attempt.punchTargets) {
            out.send(config.localPort(), to, Messages.punch(self, attempt.id, -1), config.openerTtl());
        }
        tracer.step(out, now, NatTraversalAction.SEND_OPENER).param("peer", attempt.target.shortName())
                .param("count", attempt.punchTargets.size()).param("ttl", config.openerTtl()).log();
        out.setTimer(new PeerTimer.Punch(PunchStep.PUNCH, attempt.target), now + config.punchDelayMillis());
    }

    /**
     * A Static other side may be mapped too, and then it waits for our punch as we wait for its.
     * Both punching at once, the punches cross: each side takes the path the other's punch came
     * on (a random port of the other's NAT), while its own datagrams leave through its mapping,
     * so each side's data comes from a port the other did not confirm, and is dropped there.
     * The INTRO does not say whether a Static peer is mapped, so the side with the higher id
     * waits as long again, and the lower id's punch (one lost or late one too) comes first. A
     * Static side with no NAT punches at the punch delay anyway: the extra wait costs it nothing.
     */
    private int mappedPunchWaitIntervals(RemotePeer remote) {
        boolean otherPunchesFirst = remote.nat == NatType.STATIC && remote.id.compareTo(self) < 0;
        return otherPunchesFirst ? 2 * MAPPED_PUNCH_WAIT_INTERVALS : MAPPED_PUNCH_WAIT_INTERVALS;
    }

    private void openBirthdayPorts(Attempt attempt, RemotePeer remote, long now, Effects out) {
        while (attempt.openedPorts.size() < config.birthdayPorts()) {
            openOne(attempt, remote, now, out);
        }
        out.setTimer(new PeerTimer.Punch(PunchStep.GIVE_UP, attempt.target), now + config.connectingMaxMillis() + config.punchDelayMillis());
    }

    private void openOne(Attempt attempt, RemotePeer remote, long now, Effects out) {
        int port;
        do {
            port = BirthdayOdds.FIRST_PORT + random.nextInt(BirthdayOdds.PORT_SPACE);
        } while (port == config.localPort() || port == config.testPort() || isOpenedAnywhere(port));
        attempt.openedPorts.add(port);
        out.bind(port);
        out.send(port, remote.publicAddress, Messages.punch(self, attempt.id, -1), config.openerTtl());
        tracer.step(out, now, NatTraversalAction.OPEN_PORT).param("peer", attempt.target.shortName())
                .param("port", port).param("ttl", config.openerTtl()).log();
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
                RemotePeer remote = remotes.get(a.target);
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
        RemotePeer remote = remotes.get(m.sender());
        if (remote != null && remote.isDirectFrom(localPort, from)) {
            // Our answer to a late punch was lost or is still on its way: answer again.
            out.send(localPort, from, Messages.punchAck(self, m.uint(TlvTypes.ATTEMPT, 0), from));
            return;
        }
        if (!vouched(attempt, remote, m, from)) {
            drops.count(PeerDropReason.PUNCH_UNVOUCHED);
            return;
        }
        out.send(localPort, from, Messages.punchAck(self, attempt.id, from));
        tracer.step(out, now, NatTraversalAction.RECEIVE_PUNCH).param("peer", attempt.target.shortName())
                .param("from", from.toString()).log();
        confirm(attempt, remote, localPort, from, now, out);
    }

    void onPunchAck(Received m, int localPort, Endpoint from, long now, Effects out) {
        Attempt attempt = attempts.get(m.sender());
        RemotePeer remote = remotes.get(m.sender());
        if (remote != null && remote.isDirectFrom(localPort, from)) {
            return;
        }
        if (!vouched(attempt, remote, m, from)) {
            drops.count(PeerDropReason.PUNCH_ACK_UNVOUCHED);
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
        remote.lastDirectAnswer = now;
        attempt.openedPorts.remove(localPort);
        tracer.step(out, now, NatTraversalAction.PATH_CONFIRMED).param("peer", attempt.target.shortName())
                .param("localPort", localPort).param("remote", from.toString())
                .param("probes", probesOf(attempt)).log();
        remote.link.confirmDirect(localPort, from, now, out);
        end(attempt, AttemptOutcome.DIRECT, now, out);
        onDirect.confirmed(remote, now, out);
    }

    private static int probesOf(Attempt attempt) {
        return attempt.strategy == Strategy.BIRTHDAY_PROBE ? attempt.probesSent : attempt.punchesSent;
    }

    void onTimer(PeerTimer.Punch timer, long now, Effects out) {
        PeerId target = timer.target();
        if (timer.step() == PunchStep.INTRO) {
            retryIntroRequest(target, now, out);
            return;
        }
        Attempt attempt = attempts.get(target);
        RemotePeer remote = remotes.get(target);
        if (attempt == null || !attempt.isOpen() || remote == null) {
            return;
        }
        switch (timer.step()) {
            case PUNCH -> punchAgain(attempt, now, out);
            case PROBE -> probe(attempt, now, out);
            case GIVE_UP -> end(attempt, AttemptOutcome.GAVE_UP, now, out);
            default -> {
            }
        }
    }

    private void punchAgain(Attempt attempt, long now, Effects out) {
        if (attempt.punchesSent >= config.punchRetries()) {
            end(attempt, AttemptOutcome.GAVE_UP, now, out);
            return;
        }
        for (Endpoint to : attempt.punchTargets) {
            out.send(config.localPort(), to, Messages.punch(self, attempt.id, -1));
        }
        attempt.punchesSent++;
        tracer.step(out, now, NatTraversalAction.PUNCH_TIMER).param("peer", attempt.target.shortName())
                .param("n", attempt.punchesSent).log();
        out.setTimer(new PeerTimer.Punch(PunchStep.PUNCH, attempt.target), now + config.punchIntervalMillis());
    }

    /** Birthday, Easy side: one probe to a port of the Hard side not probed before. */
    private void probe(Attempt attempt, long now, Effects out) {
        if (attempt.probesSent >= config.bdpMaxPackets()) {
            end(attempt, AttemptOutcome.GAVE_UP, now, out);
            return;
        }
        int port;
        do {
            port = BirthdayOdds.FIRST_PORT + random.nextInt(BirthdayOdds.PORT_SPACE);
        } while (!attempt.probedPorts.add(port));
        Endpoint to = new Endpoint(attempt.hardSide.address(), port);
        out.send(config.localPort(), to, Messages.punch(self, attempt.id, attempt.probesSent));
        attempt.probesSent++;
        tracer.step(out, now, NatTraversalAction.SEND_PROBE).param("peer", attempt.target.shortName())
                .param("n", attempt.probesSent).param("port", port).log();
        // Paced from the attempt's start, not from now: a real timer fires a little late, and
        // counting from now would let CONNECTING_MAX_TIME end the attempt ~10% of the probes short.
        long next = attempt.startedAt + config.punchDelayMillis() + attempt.probesSent * config.bdpMillis();
        out.setTimer(new PeerTimer.Punch(PunchStep.PROBE, attempt.target), Math.max(now, next));
    }

    /**
     * Closes the attempt. The link is already where the outcome leaves it: on the direct path it
     * confirmed, or on the relay it started on at the introduction.
     */
    private void end(Attempt attempt, AttemptOutcome outcome, long now, Effects out) {
        attempt.outcome = outcome;
        cancelTimers(attempt.target, out);
        closePorts(attempt, out);
        if (outcome == AttemptOutcome.GAVE_UP) {
            tracer.step(out, now, NatTraversalAction.GIVE_UP_PUNCH).param("peer", attempt.target.shortName())
                    .param("probes", probesOf(attempt)).log();
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
        out.cancelTimer(new PeerTimer.Punch(PunchStep.PUNCH, target));
        out.cancelTimer(new PeerTimer.Punch(PunchStep.PROBE, target));
        out.cancelTimer(new PeerTimer.Punch(PunchStep.GIVE_UP, target));
    }
}
