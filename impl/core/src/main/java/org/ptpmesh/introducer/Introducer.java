package org.ptpmesh.introducer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.messages.Received;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.node.AddressCookies;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.node.DropCounters;
import org.ptpmesh.node.DropLog;
import org.ptpmesh.node.DropReason;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.KeyClaims;
import org.ptpmesh.portmap.AnnouncedMapping;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.ErrorCode;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * The introducer design's introducer, a static peer: answers pings with the address it sees (PONG)
 * and a TEST from its other socket to the pinger's test port, introduces registered peers to each
 * other, and relays between peers it introduced, within a quota per pair of peers.
 *
 * <p>It acts only for registered peers writing from their registered address, punches toward
 * nothing, and relays only to a peer an INTRO paired the sender with: it cannot be used to
 * reflect or amplify traffic toward strangers. A peer registers with a PING from an address it
 * has proven: a PING from an address not validated yet gets a PONG no larger than itself, with
 * a cookie in MYTS ({@link AddressCookies}), and no TEST; the peer's next PING echoes the cookie
 * in YOURTS and is answered in full. So a PING forged from a victim's address brings the victim
 * at most the bytes the forger sent, and no TEST toward any of its ports.
 *
 * <p>A peer that pings in a sealed session is bound to its key (keyed; {@link KeyClaims}): a
 * plain PING, INTRO_REQUEST or RELAY naming it is dropped, so no one without the key moves it,
 * is introduced as it or relays as it. Keyed peers are introduced and relayed to keyed peers
 * only (else LEGACY_PEER) unless {@link IntroducerConfig#allowLegacyIntro}; an INTRO between
 * two keyed peers names the other's key (PEERKEY), which their punches then prove.
 */
public final class Introducer implements Node {

    /** The introducer's one timer: forget peers that stopped pinging. */
    public enum Timer implements TimerKey {
        PURGE
    }

    private final IntroducerConfig config;
    private final PeerId self;
    private final long restart;
    private final DecodedDatagram decoder = new DecodedDatagram();
    private final DatagramView relayedPayload = new DatagramView();
    private final DropCounters drops = new DropCounters();
    private final Map<RegistrationKey, Registration> registrations = new LinkedHashMap<>();
    private final Tracer tracer;
    private final AddressCookies cookies;
    private final DropLog dropLog;
    private long nextAttempt = 1;

    /** @param random the source of the cookie key (a SecureRandom in a deployment, seeded in tests) */
    public Introducer(IntroducerConfig config, PeerId self, long restartMillis, RandomGenerator random) {
        this.config = config;
        this.self = self;
        this.restart = restartMillis;
        this.cookies = new AddressCookies(random, IntroducerDefaults.COOKIE_LIFETIME_SECONDS * 1_000);
        this.tracer = new Tracer(config.name(), state -> state.put("registrations", registrations.size()));
        this.dropLog = new DropLog(tracer, config.dropLogPerSecond());
    }

    @Override
    public void start(long now, Effects out) {
        out.bind(config.port());
        out.bind(config.testSourcePort());
        out.setTimer(Timer.PURGE, now + config.registrationMillis());
        tracer.step(out, now, DiagnosticEvent.START).param("port", config.port()).log();
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        onMessage(localPort, from, decoder.decode(data), now, out);
    }

    @Override
    public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        handle(localPort, from, datagram, now, out);
        dropLog.flush(out, now);
    }

    private void handle(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        if (localPort != config.port()) {
            drop(IntroducerDropReason.WRONG_PORT, from, now);
            return;
        }
        Received.Outcome outcome = Received.of(datagram);
        if (outcome instanceof Received.Dropped d) {
            drop(d.reason(), from, now);
            return;
        }
        Received m = ((Received.Accepted) outcome).message();
        int length = datagram.view().length();
        byte[] senderKey = datagram.authenticatedKey();
        KeyClaims.Refusal refusal = KeyClaims.refusal(m.sender().bytes(), senderKey, boundKey(m.sender()));
        if (refusal != null) {
            drop(refusal, from, now);
            return;
        }
        switch (m.kind()) {
            case PING -> onPing(m, senderKey, from, length, now, out);
            case INTRO_REQUEST -> onIntroRequest(m, from, length, now, out);
            case RELAY -> onRelay(m, from, now, out);
            default -> drop(IntroducerDropReason.UNEXPECTED_KIND, from, now);
        }
    }

    /** Counts a refused datagram and notes it for the log (written at the end of the callback). */
    private void drop(DropReason reason, Endpoint from, long now) {
        drops.count(reason);
        dropLog.dropped(now, reason, from);
    }

    /**
     * A ping echoing a valid cookie is answered in full: PONG, and TEST when the peer is checking
     * its NAT (its ping says UNKNOWN). Any other ping gets at most its own size back: a PONG from
     * the peer's registered address when it is not checking, else a challenge.
     */
    private void onPing(Received m, byte[] senderKey, Endpoint from, int length, long now, Effects out) {
        PeerId id = m.sender();
        if (senderKey != null && boundKey(id) == null && isRegistered(id)) {
            // a legacy registration of a keyed id is a claim without the key (an id is its key's hash): gone
            forgetEverywhere(id, now, out);
        }
        RegistrationKey key = RegistrationKey.of(id, from);
        Registration r = registrations.get(key);
        byte[] idBytes = m.message().bytes(TlvTypes.UUID).orElseThrow();
        OptionalLong cookie = m.message().uint(TlvTypes.YOURTS);
        boolean proven = cookie.isPresent() && cookies.valid(cookie.getAsLong(), from, idBytes, 0, now);
        NatType nat = NatType.fromCode(m.uint(TlvTypes.NAT, 0));
        boolean registered = r != null && r.endpoint.equals(from);
        if (!proven && (!registered || nat == NatType.UNKNOWN)) {
            // a TEST only ever follows a fresh round trip: a forged ping cannot aim it at any port
            challenge(id, idBytes, from, length, now, out);
            return;
        }
        if (r == null) {
            if (registrations.size() >= config.maxRegistrations()) {
                drop(IntroducerDropReason.TABLE_FULL, from, now);
                return;
            }
            r = new Registration(id);
            r.key = senderKey;
            registrations.put(key, r);
        }
        // A peer that moved (or whose NAT remapped it) pings from a new address: that is now where it is.
        r.endpoint = from;
        r.nat = nat;
        r.lanAddress = m.address(TlvTypes.PTPADDR);
        r.mapped = mappedAddress(m, from, now);
        r.lastSeen = now;
        byte[] pong = Messages.pong(self, from, NatType.STATIC, restart);
        if (!proven && pong.length > length) {
            drop(IntroducerDropReason.ANSWER_TOO_LARGE, from, now);
            return;
        }
        out.send(config.port(), from, pong);
        int testPort = (int) m.uint(TlvTypes.TESTPORT, 0);
        if (proven && nat == NatType.UNKNOWN && testPort > 0 && testPort <= 0xFFFF) {
            out.send(config.testSourcePort(), new Endpoint(from.address(), testPort), Messages.test(self, from));
        }
        tracer.step(out, now, DiagnosticEvent.ANSWER_PING).param("peer", id.shortName()).param("from", from.toString())
                .param("nat", r.nat.name()).log();
    }

    /** The ping's MAPPEDADDR if it is on the IP the ping came from; any other is refused (and counted). */
    private Endpoint mappedAddress(Received m, Endpoint from, long now) {
        return AnnouncedMapping.accepted(m.address(TlvTypes.MAPPEDADDR), from,
                () -> drop(IntroducerDropReason.MAPPED_ELSEWHERE, from, now));
    }

    /** A PONG with a cookie to echo, if it is no larger than the PING; no TEST, no registration. */
    private void challenge(PeerId id, byte[] idBytes, Endpoint from, int length, long now, Effects out) {
        byte[] pong = Messages.challengePong(self, from, NatType.STATIC, cookies.mint(from, idBytes, 0, now));
        if (pong.length > length) {
            drop(IntroducerDropReason.ANSWER_TOO_LARGE, from, now);
            return;
        }
        out.send(config.port(), from, pong);
        tracer.step(out, now, DiagnosticEvent.CHALLENGE_PING).param("peer", id.shortName()).param("from", from.toString()).log();
    }

    private void onIntroRequest(Received m, Endpoint from, int length, long now, Effects out) {
        Registration requester = registered(m.sender(), from);
        PeerId targetId = m.target();
        if (requester == null) {
            // the requester is no one we know at that address: answer only if no larger than its request
            byte[] error = Messages.introError(self, targetId, ErrorCode.NOT_REGISTERED);
            if (error.length > length) {
                drop(IntroducerDropReason.ANSWER_TOO_LARGE, from, now);
                return;
            }
            out.send(config.port(), from, error);
            tracer.step(out, now, DiagnosticEvent.INTRO_ERROR).param("peer", m.sender().shortName())
                    .param("error", "NOT_REGISTERED").log();
            return;
        }
        requester.lastSeen = now;
        Registration target = reachable(targetId, from);
        if (target == null || targetId.equals(requester.id)) {
            out.send(config.port(), from, Messages.introError(self, targetId, ErrorCode.UNKNOWN_PEER));
            tracer.step(out, now, DiagnosticEvent.INTRO_ERROR).param("peer", requester.id.shortName())
                    .param("error", "UNKNOWN_PEER").log();
            return;
        }
        if (!config.allowLegacyIntro() && !requester.sameKeying(target)) {
            out.send(config.port(), from, Messages.introError(self, targetId, ErrorCode.LEGACY_PEER));
            tracer.step(out, now, DiagnosticEvent.INTRO_ERROR).param("peer", requester.id.shortName())
                    .param("error", "LEGACY_PEER").log();
            return;
        }
        long attempt = nextAttempt++;
        boolean samePublic = requester.endpoint.address().equals(target.endpoint.address());
        // PEERKEY only between keyed peers: a legacy peer could not use it, and a keyed one punching
        // a legacy peer has no key to expect
        boolean bothKeyed = requester.keyed() && target.keyed();
        out.send(config.port(), requester.endpoint, Messages.intro(self, target.id, target.reachableAt(), target.nat, attempt,
                samePublic ? target.lanAddress : null, bothKeyed ? target.key : null));
        out.send(config.port(), target.endpoint, Messages.intro(self, requester.id, requester.reachableAt(), requester.nat, attempt,
                samePublic ? requester.lanAddress : null, bothKeyed ? requester.key : null));
        requester.introduce(target.id);
        target.introduce(requester.id);
        tracer.step(out, now, DiagnosticEvent.INTRO).param("a", requester.id.shortName())
                .param("b", target.id.shortName()).param("attempt", attempt).param("natA", requester.nat.name())
                .param("natB", target.nat.name()).log();
    }

    private void onRelay(Received m, Endpoint from, long now, Effects out) {
        Registration sender = registered(m.sender(), from);
        if (sender == null) {
            drop(IntroducerDropReason.RELAY_UNREGISTERED, from, now);
            return;
        }
        PeerId targetId = m.target();
        if (isLoop(sender.id, targetId, m.payload())) {
            // a bug or an attack, not a peer waiting for an answer: no RELAY_ERROR either
            drop(IntroducerDropReason.RELAY_LOOP, from, now);
            return;
        }
        Registration target = reachable(targetId, from);
        if (target != null && !config.allowLegacyIntro() && !sender.sameKeying(target)) {
            out.send(config.port(), from, Messages.relayError(self, targetId, ErrorCode.LEGACY_PEER));
            drop(IntroducerDropReason.RELAY_LEGACY_PEER, from, now);
            return;
        }
        Registration.RelayBudget budget = sender.introducedTo.get(targetId);
        if (target == null || budget == null) {
            out.send(config.port(), from, Messages.relayError(self, targetId, ErrorCode.UNKNOWN_PEER));
            drop(IntroducerDropReason.RELAY_NOT_INTRODUCED, from, now);
            return;
        }
        if (now - budget.windowStart >= config.relayWindowMillis()) {
            budget.windowStart = now;
            budget.used = 0;
        }
        if (budget.used >= config.relayQuota()) {
            if (budget.used++ == config.relayQuota()) {
                out.send(config.port(), from, Messages.relayError(self, targetId, ErrorCode.RELAY_QUOTA));
            }
            drop(IntroducerDropReason.RELAY_QUOTA, from, now);
            return;
        }
        budget.used++;
        sender.lastSeen = now;
        out.send(config.port(), target.endpoint, Messages.relayed(self, sender.id, m.payload()));
        tracer.step(out, now, DiagnosticEvent.RELAY).param("from", sender.id.shortName())
                .param("to", target.id.shortName()).log();
    }

    /**
     * Whether relaying {@code payload} from {@code sender} to {@code target} would come back here:
     * a RELAY to the sender itself or to this introducer, or one carrying a RELAY or RELAYED (which
     * the target could only send on). A keyed pair's payload is sealed and unreadable here; its
     * target drops what it opens to such a kind.
     */
    private boolean isLoop(PeerId sender, PeerId target, byte[] payload) {
        if (target.equals(sender) || target.equals(self)) {
            return true;
        }
        if (relayedPayload.wrap(payload, 0, payload.length) != null) {
            return false;
        }
        long kind = relayedPayload.uintOf(TlvTypes.MSGKIND, -1);
        return kind == MessageKind.RELAY.code() || kind == MessageKind.RELAYED.code();
    }

    /**
     * Where {@code id} is introduced or relayed to for a peer writing from {@code from}: its
     * registration in that family, else its other one (a cross-family pair is relayed).
     */
    private Registration reachable(PeerId id, Endpoint from) {
        RegistrationKey same = RegistrationKey.of(id, from);
        Registration r = registrations.get(same);
        return r != null ? r : registrations.get(same.otherFamily());
    }

    /**
     * The key {@code id}'s registrations are bound to, null when it has none or they are legacy.
     * Both families of one id are bound alike: a keyed ping makes its legacy ones go first.
     * Public so that a process serving other roles on the same port refuses plain claims on it too.
     */
    public byte[] boundKey(PeerId id) {
        Registration v4 = registrations.get(new RegistrationKey(id, false));
        if (v4 != null) {
            return v4.key;
        }
        Registration v6 = registrations.get(new RegistrationKey(id, true));
        return v6 == null ? null : v6.key;
    }

    /** The registration of {@code id}, if it is writing from where it registered. */
    private Registration registered(PeerId id, Endpoint from) {
        Registration r = registrations.get(RegistrationKey.of(id, from));
        return r != null && r.endpoint.equals(from) ? r : null;
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        if (key != Timer.PURGE) {
            return;
        }
        List<RegistrationKey> silent = new ArrayList<>();
        registrations.forEach((registration, r) -> {
            if (now - r.lastSeen > config.registrationMillis()) {
                silent.add(registration);
            }
        });
        for (RegistrationKey gone : silent) {
            forget(gone, now, out);
        }
        out.setTimer(Timer.PURGE, now + Math.max(1, config.registrationMillis() / 5));
        dropLog.flush(out, now);
    }

    /** Removes a registration; once neither family of its id is left, no one may relay to that id any more. */
    private void forget(RegistrationKey gone, long now, Effects out) {
        if (registrations.remove(gone) == null) {
            return;
        }
        if (!isRegistered(gone.id())) {
            for (Registration r : registrations.values()) {
                r.introducedTo.remove(gone.id());
            }
        }
        tracer.step(out, now, DiagnosticEvent.PURGE_REGISTRATION).param("peer", gone.id().shortName()).log();
    }

    private void forgetEverywhere(PeerId id, long now, Effects out) {
        forget(new RegistrationKey(id, false), now, out);
        forget(new RegistrationKey(id, true), now, out);
    }

    public PeerId id() {
        return self;
    }

    public DropCounters drops() {
        return drops;
    }

    /** Registrations kept: a dual-stack peer registered in both families counts twice. */
    public int registrations() {
        return registrations.size();
    }

    /** Whether {@code id} is registered in either family. */
    public boolean isRegistered(PeerId id) {
        return registrations.containsKey(new RegistrationKey(id, false)) || registrations.containsKey(new RegistrationKey(id, true));
    }

}
