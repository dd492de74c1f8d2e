package org.ptpmesh.conformance.interop;

import java.util.Map;
import java.util.Optional;

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
    KEEPALIVE_EXPIRY("keepalive-expiry", "peer-b goes silent (killed); peer-a sees it expire within PTP_EXPIRY", 1, true, true,
            (r, e) -> expect(r.get(Role.PEER_A), "expired", "true")),
    TRANSFER("transfer", "peer-a sends a file to peer-b; peer-b's copy has the same SHA-256", 0, true, true, InteropCase::sameFile),
    TRANSFER_LOSS("transfer-loss", "the same file through 5% loss (loopback: a loss relay; lab: the internet router drops)", 0, true,
            true, InteropCase::sameFile);

    /** Judges the results of the roles that ran; empty when the case passed. */
    interface Judge {
        Optional<String> problem(Map<Role, RoleResult> results, Expected expected);
    }

    /**
     * What the network lets the runner expect.
     *
     * @param fileSha256 the SHA-256 (hex) of PTP_FILE, for the transfer cases
     * @param nat        peer-a's NAT type as nat-classify must report it (Static on loopback)
     */
    public record Expected(String fileSha256, String nat) {
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

    /** Whether loopback can show it; the others need real NATs (the NAT lab). */
    public boolean runsOnLoopback() {
        return loopback;
    }

    /** Peer-b must be listening (registered, or a transfer's receiver) before peer-a starts. */
    public boolean peerBFirst() {
        return peerB && this != DISCOVERY && this != KEEPALIVE_EXPIRY;
    }

    /** keepalive-expiry: peer-b is killed (no goodbye) this long after it started. */
    public long silencePeerBAfterMillis() {
        return this == KEEPALIVE_EXPIRY ? 4_000 : -1;
    }

    /** PTP_EXPIRY: short where expiry is the point, else the protocol's 30 s. */
    public int expirySeconds() {
        return this == KEEPALIVE_EXPIRY ? 3 : 30;
    }

    public Optional<String> judge(Map<Role, RoleResult> results, Expected expected) {
        return judge.problem(results, expected);
    }

    /**
     * What the case's captures must show beyond validity, given the message kinds in them: the
     * relay case's data went through RELAY/RELAYED and nothing punched; a punch ended in a
     * PUNCH_ACK; relay-upgrade shows both. Empty when they show it.
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

    private static Optional<String> sameFile(Map<Role, RoleResult> results, Expected expected) {
        RoleResult sender = results.get(Role.PEER_A);
        if (!sender.ok()) {
            return Optional.of(sender.problem());
        }
        return expect(results.get(Role.PEER_B), "sha256", expected.fileSha256());
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
