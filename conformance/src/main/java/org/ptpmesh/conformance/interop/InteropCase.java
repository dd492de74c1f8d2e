package org.ptpmesh.conformance.interop;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The interop cases (docs/conformance.md, "Interop cases"). Peer-a is the implementation under
 * test; the introducers and peer-b are its counterpart. Each case says which roles it needs, how
 * the runner sets them up, and how it judges their results.
 */
public enum InteropCase {
    DISCOVERY("discovery", "both peers register with the introducer and each lists the other", 1, true, true,
            (r, e) -> both(r, "peers", "lists no other peer", v -> v.matches("[1-9][0-9]*"))),
    NAT_CLASSIFY("nat-classify", "peer-a classifies its NAT against two introducers (loopback: Static; lab: its NAT's kind)", 2,
            false, true, (r, e) -> expect(r.get(Role.PEER_A), "nat", e.nat())),
    PUNCH_EASY("punch-easy", "peer-a asks for an introduction to peer-b, sends it a message, and they reach each other directly",
            2, true, true, (r, e) -> connected(r, "direct")),
    PUNCH_BIRTHDAY("punch-birthday", "Easy peer-a reaches Hard peer-b by the birthday strategy (NAT lab)", 2, true, false,
            (r, e) -> connected(r, "direct")),
    RELAY("relay", "with direct paths forbidden (PTP_FORCE_RELAY=1), peer-a's message reaches peer-b through the introducer's RELAY/RELAYED",
            2, true, true, (r, e) -> connected(r, "relay")),
    RELAY_UPGRADE("relay-upgrade", "peer-a starts relayed and moves to a direct path once punching succeeds (NAT lab)", 2, true,
            false, (r, e) -> connected(r, "direct")),
    KEEPALIVE_EXPIRY("keepalive-expiry", "peer-b goes silent (killed once it lists peer-a); peer-a sees it expire within PTP_EXPIRY", 1,
            true, true,
            (r, e) -> expect(r.get(Role.PEER_A), "expired", "true")),
    DEPARTURE("departure", "peer-a leaves with SHUTDOWN; peer-b sees it gone within one publication period", 1, true, true,
            InteropCase::departed),
    TRANSFER("transfer", "peer-a sends a file to peer-b; peer-b's copy has the same SHA-256", 0, true, true, InteropCase::sameFile),
    TRANSFER_LOSS("transfer-loss", "the same file through 5% loss (loopback: a loss relay; lab: the internet router drops)", 0, true,
            true, InteropCase::sameFile);

    /**
     * departure: how soon after peer-a was told to leave peer-b must report it gone. One
     * publication period of ptptest 2014's server (ptpserver's default, 13 s): a server that
     * announces a SHUTDOWN at once is well inside it, one that ignores the goodbye is not (the
     * departed peer stays listed until the purge, PTP_EXPIRY = 30 s, later).
     */
    public static final long DEPARTURE_WINDOW_MILLIS = 13_000;

    /** Judges the results of the roles that ran; empty when the case passed. */
    interface Judge {
        Optional<String> problem(Map<Role, RoleResult> results, Facts facts);
    }

    /**
     * What the runner knows besides the roles' results: what the network lets it expect, and
     * what it measured.
     *
     * @param fileSha256      the SHA-256 (hex) of PTP_FILE, for the transfer cases
     * @param nat             peer-a's NAT type as nat-classify must report it (Static on loopback)
     * @param departureMillis departure: ms from the moment the runner told peer-a to leave to peer-b's
     *                        result line (negative: peer-b had reported before); empty when none came in time
     */
    public record Facts(String fileSha256, String nat, OptionalLong departureMillis) {

        Facts(String fileSha256, String nat) {
            this(fileSha256, nat, OptionalLong.empty());
        }
    }

    private final String caseName;
    private final String summary;
    private final int introducers;
    private final boolean peerB;
    private final boolean loopback;
    private final Judge judge;

    InteropCase(String caseName, String summary, int introducers, boolean peerB, boolean loopback, Judge judge) {
        this.caseName = caseName;
        this.summary = summary;
        this.introducers = introducers;
        this.peerB = peerB;
        this.loopback = loopback;
        this.judge = judge;
    }

    public String caseName() {
        return caseName;
    }

    public String summary() {
        return summary;
    }

    public int introducers() {
        return introducers;
    }

    public boolean hasPeerB() {
        return peerB;
    }

    /**
     * Whether IPv6 loopback can show it: not nat-classify, whose two introducers must be on two
     * addresses (one cannot tell Easy from Hard), and IPv6 loopback has only ::1.
     */
    public boolean runsOnIpv6Loopback() {
        return loopback && this != NAT_CLASSIFY;
    }

    /** Whether loopback can show it; the others need real NATs (the NAT lab). */
    public boolean runsOnLoopback() {
        return loopback;
    }

    /** Peer-b must be listening (registered, or a transfer's receiver) before peer-a starts. */
    public boolean peerBFirst() {
        return peerB && this != DISCOVERY && this != KEEPALIVE_EXPIRY && this != DEPARTURE;
    }

    /**
     * keepalive-expiry: peer-b prints {"ready":true} once it lists peer-a, and the runner then
     * kills it (no goodbye). Waiting for that, not for a fixed time, keeps a peer that is slow to
     * start (a JVM on a busy machine) from being killed before it registered.
     */
    public boolean silencesPeerB() {
        return this == KEEPALIVE_EXPIRY;
    }

    /** PTP_EXPIRY: short where expiry is the point, else the protocol's 30 s. */
    public int expirySeconds() {
        return this == KEEPALIVE_EXPIRY ? 3 : 30;
    }

    /** departure: peer-a prints {"ready":true} once it lists peer-b, then the runner tells it to leave. */
    public boolean peerALeaves() {
        return this == DEPARTURE;
    }

    public Optional<String> judge(Map<Role, RoleResult> results, Facts facts) {
        return judge.problem(results, facts);
    }

    /**
     * What the case's captures must show beyond validity, given the message kinds in them: the
     * relay case's data went through RELAY/RELAYED and nothing punched; a punch ended in a
     * PUNCH_ACK; relay-upgrade shows both; a departure, the SHUTDOWN. Empty when they show it.
     */
    public Optional<String> captureProblem(java.util.Set<String> kinds) {
        boolean relayed = kinds.contains("RELAY") && kinds.contains("RELAYED");
        boolean punched = kinds.contains("PUNCH_ACK");
        return switch (this) {
            case RELAY -> !relayed ? Optional.of("the capture shows no RELAY and RELAYED: the message did not go through the relay")
                    : kinds.contains("PUNCH") ? Optional.of("the capture shows PUNCH datagrams although direct paths were forbidden")
                    : Optional.empty();
            case RELAY_UPGRADE -> !relayed ? Optional.of("the capture shows no RELAY and RELAYED: the data did not start relayed")
                    : !punched ? Optional.of("the capture shows no PUNCH_ACK: no direct path was confirmed") : Optional.empty();
            case PUNCH_EASY, PUNCH_BIRTHDAY -> punched ? Optional.empty() : Optional.of("the capture shows no PUNCH_ACK");
            case DEPARTURE -> kinds.contains("SHUTDOWN") ? Optional.empty() : Optional.of("the capture shows no SHUTDOWN");
            default -> Optional.empty();
        };
    }

    public static InteropCase byName(String name) {
        for (InteropCase c : values()) {
            if (c.caseName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown interop case '" + name + "'; cases: "
                + String.join(", ", java.util.Arrays.stream(values()).map(InteropCase::caseName).toList()));
    }

    /** Peer-a's message arrived at peer-b, and peer-a ended on the expected path. */
    private static Optional<String> connected(Map<Role, RoleResult> results, String path) {
        RoleResult b = results.get(Role.PEER_B);
        if (!b.ok()) {
            return Optional.of(b.problem());
        }
        return expect(results.get(Role.PEER_A), "path", path);
    }

    private static Optional<String> sameFile(Map<Role, RoleResult> results, Facts facts) {
        RoleResult sender = results.get(Role.PEER_A);
        if (!sender.ok()) {
            return Optional.of(sender.problem());
        }
        return expect(results.get(Role.PEER_B), "sha256", facts.fileSha256());
    }

    /** Peer-a left (with SHUTDOWN, by its own account), and peer-b reported it gone within the window. */
    private static Optional<String> departed(Map<Role, RoleResult> results, Facts facts) {
        RoleResult leaver = results.get(Role.PEER_A);
        if (!leaver.ok()) {
            return Optional.of(leaver.problem());
        }
        Optional<String> seen = expect(results.get(Role.PEER_B), "departed", "true");
        if (seen.isPresent()) {
            return seen;
        }
        if (facts.departureMillis().isEmpty()) {
            return Optional.of("peer-b reported the departure only after the runner stopped waiting for it");
        }
        long millis = facts.departureMillis().getAsLong();
        if (millis < 0) {
            return Optional.of("peer-b reported peer-a gone before peer-a was told to leave");
        }
        return millis <= DEPARTURE_WINDOW_MILLIS ? Optional.empty()
                : Optional.of("peer-b saw peer-a leave " + millis + " ms after it left, later than one publication period ("
                        + DEPARTURE_WINDOW_MILLIS + " ms)");
    }

    private static Optional<String> expect(RoleResult r, String field, String wanted) {
        if (!r.ok()) {
            return Optional.of(r.problem());
        }
        String got = r.field(field);
        return got.equals(wanted) ? Optional.empty()
                : Optional.of(r.role().wireName() + " reported " + field + "=" + (got.isEmpty() ? "(none)" : got) + ", expected " + wanted);
    }

    private static Optional<String> both(Map<Role, RoleResult> results, String field, String what,
                                         java.util.function.Predicate<String> good) {
        for (Role role : new Role[] {Role.PEER_A, Role.PEER_B}) {
            RoleResult r = results.get(role);
            if (!r.ok()) {
                return Optional.of(r.problem());
            }
            if (!good.test(r.field(field))) {
                return Optional.of(role.wireName() + " " + what);
            }
        }
        return Optional.empty();
    }
}
