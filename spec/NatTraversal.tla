---------------------------- MODULE NatTraversal ----------------------------
(***************************************************************************)
(* NAT classification, introduction, hole punching, relay, the relay-first *)
(* upgrade and the fallback to the relay (the introducer design and the    *)
(* Copilot pattern: docs/glossary.md), as org.ptpmesh.peer.Peer and        *)
(* Punching run them, for two peers A and B and two introducers I1 and I2  *)
(* (I1 also introduces and relays).                                        *)
(*                                                                         *)
(* NAT models, per peer (NAT_A, NAT_B):                                    *)
(*   Static: no NAT, every packet reaches the socket bound to its port.    *)
(*   Easy:   endpoint-independent mapping (a socket keeps its public port  *)
(*           for every destination, the local port when free), address-   *)
(*           and-port-dependent filtering.                                 *)
(*   Hard:   endpoint-dependent mapping (a fresh public port for every     *)
(*           destination), address-and-port-dependent filtering.           *)
(*   HardMapped: a Hard NAT whose router holds a port mapping the peer     *)
(*           asked for (PCP or NAT-PMP): its mapped port forwards to the   *)
(*           peer's main port from any source (a DNAT rule), and the       *)
(*           answers leave through it. The peer is Static by mapping once  *)
(*           its NAT check is done, and I1 introduces it at its mapped     *)
(*           address. A packet to the mapped port whose answers would      *)
(*           leave on a tuple an earlier outbound mapping of the main port *)
(*           holds is dropped (the conntrack clash).                       *)
(*   Firewall: an IPv6 stateful firewall: no translation (the public       *)
(*           address is the host's own), an outbound packet opens the flow *)
(*           to its destination, and an inbound packet gets in only on a   *)
(*           flow it opened (address-and-port-dependent filtering). The    *)
(*           NAT check finds it Easy: one port to both introducers, and    *)
(*           the test message is filtered.                                 *)
(* With CONNTRACK a NAT also behaves like Linux conntrack: an inbound      *)
(* packet that matches no mapping leaves an unreplied entry, and an        *)
(* outbound packet whose tuple that entry holds gets another public port.  *)
(* A firewall's drop leaves no entry (the packet is dropped on its way     *)
(* through, before conntrack keeps anything), and it translates nothing.   *)
(* A packet that only opens a mapping (an "opener") is sent with a low TTL *)
(* (the hop limit on IPv6) when LOW_TTL holds: it opens the sender's NAT   *)
(* or firewall and dies before the far one. With LAN both peers sit behind *)
(* one NAT device: each reaches the other's LAN address directly, and the  *)
(* device does not hairpin (a packet to the other's public address is      *)
(* lost).                                                                  *)
(*                                                                         *)
(* Connecting, as the implementation does it: a peer asks I1 for an        *)
(* introduction (INTRO_REQUEST, again after a silence, INTRO_TRIES         *)
(* requests in all, then it gives up); I1 answers each request from a      *)
(* registered peer for a registered target with an INTRO to both, under a  *)
(* new attempt id, with what the last ping of each said of its NAT type    *)
(* (UNKNOWN while it is still checking: the strategy table then says       *)
(* direct). A peer drops a duplicate INTRO (its attempt's id) and a stale  *)
(* one (a lower id while its attempt is open), and lets a newer one replace *)
(* its attempt. The first PUNCH that reaches a peer from the introduced    *)
(* peer, with the attempt's id, confirms the path it came in on and is     *)
(* answered with a PUNCH_ACK on it; a PUNCH_ACK confirms the path it came  *)
(* back on. A direct path that stops answering falls back to the relay,    *)
(* and the peer asks for a new introduction.                               *)
(*                                                                         *)
(* Network. Control packets cross both NATs in the step that sends them    *)
(* (the order in which packets reach a NAT is the order of the send steps, *)
(* which is what the conntrack race is about) and wait in the receiver's   *)
(* inbox until it handles them; the introducers answer within the step.    *)
(* Application data from A to B travels in a separate set, so relay and    *)
(* direct packets can overtake each other. At most MAX_LOSS packets are    *)
(* lost in a run.                                                          *)
(*                                                                         *)
(* The timing the implementation's timers give (punch delay, intervals,    *)
(* conntrack's timeout) is stated once, as the assumptions TA_* below:     *)
(* guards of the steps they constrain, each checkable on a trace (see      *)
(* docs/spec.md, "Timing assumptions").                                    *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences

CONSTANTS
    NAT_A, NAT_B,   \* "Easy", "Hard", "Static", "HardMapped" or "Firewall"
    CONNTRACK,      \* the NATs behave like Linux conntrack
    LOW_TTL,        \* openers carry a low TTL
    LAN,            \* both peers behind one NAT device (the LAN strategy)
    OPENERS,        \* sockets the Hard side opens for the birthday strategy (256)
    BDP_MAX,        \* probes the Easy side sends per attempt (BDP_MAX_PACKETS, 1000)
    PUNCH_TRIES,    \* punch timer rounds per attempt (PUNCH_RETRIES, 15)
    INTRO_TRIES,    \* introduction requests per connect, the first and its retries (1 + 5)
    INTROS,         \* introduction requests I1 serves in a run (a bound of the model)
    FALLBACKS,      \* times a direct path may stop answering in a run
    MAX_LOSS,       \* packets the network may lose in one run
    MSGS,           \* application messages A sends to B
    START           \* "boot": from scratch; "classified": both NAT checks done

\* What the NAT check can say (NatType), and the devices a peer sits behind.
NatTypes == {"Easy", "Hard", "Static"}
NatKinds == NatTypes \cup {"HardMapped", "Firewall"}
ASSUME NAT_A \in NatKinds /\ NAT_B \in NatKinds
ASSUME CONNTRACK \in BOOLEAN /\ LOW_TTL \in BOOLEAN /\ LAN \in BOOLEAN
ASSUME OPENERS \in Nat \ {0} /\ BDP_MAX \in Nat \ {0} /\ PUNCH_TRIES \in Nat \ {0}
ASSUME INTRO_TRIES \in Nat \ {0} /\ INTROS \in Nat \ {0} /\ FALLBACKS \in Nat
ASSUME MAX_LOSS \in Nat /\ MSGS \in Nat /\ START \in {"boot", "classified"}
\* Behind one device both peers get the same type from the NAT check.
ASSUME LAN => NAT_A = NAT_B /\ NAT_A \in {"Easy", "Hard"}

Peers == {"A", "B"}
Introducers == {"I1", "I2"}
Other(p) == IF p = "A" THEN "B" ELSE "A"
NatOf(p) == IF p = "A" THEN NAT_A ELSE NAT_B
\* The router forwards a mapped port to p (granted at start: a PCP answer
\* takes a round trip, the NAT check two pongs and the classify wait).
PortMapped(p) == NatOf(p) = "HardMapped"
\* A fresh public port for every destination.
EndpointDependent(p) == NatOf(p) \in {"Hard", "HardMapped"}
\* Peer.nat() counts the mapping: a mapped peer whose check is done is
\* Static to everyone (the check itself finds Hard).
StaticByMapping(p) == PortMapped(p)
\* What p reports once its NAT check is done: a firewalled peer is Easy (the
\* pongs see its own port, the test message is filtered).
TypeOf(p) ==
    CASE StaticByMapping(p) -> "Static"
      [] NatOf(p) = "Firewall" -> "Easy"
      [] EndpointDependent(p) -> "Hard"
      [] OTHER -> NatOf(p)
LanHost(p) == IF p = "A" THEN "lanA" ELSE "lanB"
LanHosts == {"lanA", "lanB"}

(* Sockets and ports. A peer binds its main port (1), its test port (2)    *)
(* and, on the Hard side of a birthday attempt, OPENERS more (3, 4, ...);  *)
(* a socket is named by its local port. An introducer answers from port 1  *)
(* and sends tests from port 2.                                           *)
Main == 1
Test == 2
NoSock == 0
Opener(k) == 2 + k
Sockets == 1..(OPENERS + 2)
PortOf(s) == s
PORTS == OPENERS + 6
\* The external port of a mapped peer's mapping: one no other mapping takes.
MappedPort == PORTS
Ports == 1..PORTS
Ep(h, port) == [host |-> h, port |-> port]
NoEp == Ep("none", 0)
Endpoints == [host : Peers \cup Introducers \cup LanHosts, port : Ports] \cup {NoEp}
Min(S) == CHOOSE x \in S : \A y \in S : x <= y
Max(S) == CHOOSE x \in S : \A y \in S : x >= y
NatKnown == NatTypes \cup {"unknown"}
Attempts == 0..INTROS

Entries == [pub : Ports, rem : Endpoints, loc : Sockets \cup {NoSock}, replied : BOOLEAN]
\* I1's registration of a peer: where it pings from, the NAT type and the
\* mapped address (MAPPEDADDR, NoEp: none) its last ping said.
Registrations == [ep : Endpoints, nat : NatKnown, mapped : Endpoints]
Packets == [kind : {"PONG", "TEST", "INTRO", "INTRO_ERROR", "PUNCH", "PUNCH_ACK"},
            from : Endpoints, sock : Sockets, obs : 0..PORTS, ep : Endpoints, nat : NatKnown,
            lan : Endpoints, att : Attempts]
Paths == [sock : Sockets, ep : Endpoints]
Phases == {"idle", "requested", "punching", "direct", "relayed"}

VARIABLES
    natTab,     \* each peer's NAT table (empty for Static)
    inbox,      \* packets that reached a peer's socket, not yet handled
    pong,       \* public port each introducer reported to each peer (0: none yet)
    testSeen,   \* a peer got a test message on its test port
    cls,        \* each peer's NAT classification
    reg,        \* I1's registration of each peer (Registrations)
    asked,      \* introduction requests I1 served; the last one's attempt id
    phase,      \* "idle", "requested" (asked, no INTRO yet), "punching" (an attempt is
                \* open), "direct" (it confirmed a path) or "relayed" (it gave up)
    introTries, \* requests sent for the current connect
    att,        \* id of the peer's current attempt (0: none)
    peerInfo,   \* what the attempt's INTRO said of the other peer
    strat,      \* the attempt's strategy
    openerSent, \* the peer sent its opener(s) in this attempt
    opened,     \* birthday: opener sockets the Hard side has used
    tries,      \* punch timer rounds used in this attempt
    probes,     \* birthday: probes the Easy side sent in this attempt
    confirmed,  \* paths (local socket, remote endpoint) the attempt confirmed
    mode,       \* the link: how application data goes, "none", "relay" or "direct"
    directPath, \* the confirmed path direct data uses
    fallbacks,  \* direct paths that stopped answering so far
    lost,       \* packets lost so far
    sent,       \* application messages A has sent
    dataNet,    \* application data in flight from A to B
    rcvNext,    \* next message number B delivers
    rcvBuf,     \* messages B holds that arrived early
    delivered,  \* what B delivered to its application, in order
    acked,      \* the highest message B's cumulative acknowledgements told A of
    viaRelay,   \* ghost: some message went through the relay
    filtered    \* ghost: a PUNCH reached the other peer's firewall and was dropped

natVars == <<natTab, inbox, pong, testSeen, cls, reg, asked, filtered>>
attemptVars == <<phase, introTries, att, peerInfo, strat, openerSent, opened, tries, probes,
                 confirmed>>
linkVars == <<mode, directPath, fallbacks>>
dataVars == <<sent, dataNet, rcvNext, rcvBuf, delivered, acked, viaRelay>>
vars == <<natVars, attemptVars, linkVars, lost, dataVars>>

-----------------------------------------------------------------------------
(* NAT translation. Out gives the public port a packet from socket s to    *)
(* dst leaves with and the table after (port 0: the NAT has no free port   *)
(* for it and drops it); In gives the socket an inbound packet reaches     *)
(* (NoSock: dropped) and the table after.                                  *)
\* Ports held by a mapping. A port that only an unreplied inbound entry
\* holds can still be given to a mapping toward another address.
Used(t) == {e.pub : e \in {x \in t : x.loc # NoSock}}

\* A firewall keeps a flow per (socket, destination) and leaves the port
\* as it is; a mapped port is never handed to another mapping.
Out(p, t, s, dst) ==
    LET mine == {e \in t : e.loc = s /\ e.rem = dst}
        same == {e \in t : e.loc = s}
        want == IF same # {} THEN (CHOOSE e \in same : TRUE).pub ELSE PortOf(s)
        taken(x) == \E e \in t : e.pub = x /\ e.rem = dst
        reserved == IF PortMapped(p) THEN {MappedPort} ELSE {}
        free(lo) == {x \in lo..PORTS : x \notin Used(t) \cup reserved /\ ~taken(x)}
        fresh(lo) == IF free(lo) = {} THEN 0 ELSE Min(free(lo))
        port == CASE NatOf(p) = "Easy" -> IF taken(want) THEN fresh(OPENERS + 3) ELSE want
                  [] NatOf(p) = "Firewall" -> PortOf(s)
                  [] OTHER -> fresh(1)
    IN  IF NatOf(p) = "Static" THEN [port |-> PortOf(s), tab |-> t]
        ELSE IF mine # {} THEN [port |-> (CHOOSE e \in mine : TRUE).pub, tab |-> t]
        ELSE IF port = 0 THEN [port |-> 0, tab |-> t]
        ELSE [port |-> port,
              tab |-> t \cup {[pub |-> port, rem |-> dst, loc |-> s, replied |-> FALSE]}]

\* The mapped port forwards to the main socket from any source; the entry
\* it leaves carries the main socket's answers to that source out through
\* the mapped port. Unless an outbound mapping of the main socket to that
\* source already holds the answers' tuple: conntrack cannot keep both,
\* and the gateway drops the packet.
In(q, t, src, port) ==
    LET match == {e \in t : e.pub = port /\ e.rem = src /\ e.loc # NoSock}
        e == CHOOSE x \in match : TRUE
        static == {s \in Sockets : PortOf(s) = port}
        clash == \E x \in t : x.loc = Main /\ x.rem = src
    IN  IF src.port = 0 \/ port = 0 THEN [sock |-> NoSock, tab |-> t]
        ELSE IF NatOf(q) = "Static"
          THEN [sock |-> IF static # {} THEN CHOOSE s \in static : TRUE ELSE NoSock, tab |-> t]
        ELSE IF match # {}
          THEN [sock |-> e.loc, tab |-> (t \ {e}) \cup {[e EXCEPT !.replied = TRUE]}]
        ELSE IF PortMapped(q) /\ port = MappedPort
          THEN IF clash THEN [sock |-> NoSock, tab |-> t]
               ELSE [sock |-> Main,
                     tab |-> t \cup {[pub |-> port, rem |-> src, loc |-> Main, replied |-> TRUE]}]
        ELSE IF NatOf(q) = "Firewall" THEN [sock |-> NoSock, tab |-> t]
        ELSE IF CONNTRACK /\ ~\E x \in t : x.pub = port /\ x.rem = src
          THEN [sock |-> NoSock,
                tab |-> t \cup {[pub |-> port, rem |-> src, loc |-> NoSock, replied |-> FALSE]}]
        ELSE [sock |-> NoSock, tab |-> t]


Pkt(kind, from, sock) ==
    [kind |-> kind, from |-> from, sock |-> sock, obs |-> 0, ep |-> NoEp, nat |-> "unknown",
     lan |-> NoEp, att |-> 0]

\* Where a packet from p's socket s to dst ends: the socket of the other
\* peer it reaches (NoSock: none), the endpoint it comes from there, and
\* both NAT tables after. A LAN address is reached directly; the public
\* address crosses p's NAT, then the other's (behind one device, which
\* does not hairpin, it goes no further than p's NAT).
Reach(p, s, dst) ==
    LET q == Other(p)
        o == Out(p, natTab[p], s, dst)
        i == In(q, natTab[q], Ep(p, o.port), dst.port)
    IN  IF dst.host = LanHost(q)
          THEN [sock |-> IF dst.port \in Sockets THEN dst.port ELSE NoSock,
                from |-> Ep(LanHost(p), PortOf(s)), tp |-> natTab[p], tq |-> natTab[q]]
        ELSE IF LAN
          THEN [sock |-> NoSock, from |-> NoEp, tp |-> o.tab, tq |-> natTab[q]]
        ELSE [sock |-> i.sock, from |-> Ep(p, o.port), tp |-> o.tab, tq |-> i.tab]

\* Peer p sends a packet of kind k for attempt a from its socket s to dst
\* with a normal TTL; it lands in the other peer's inbox if both NATs let
\* it through. It may be lost on the way (after p's NAT saw it).
SendToPeer(p, s, dst, k, a) ==
    LET q == Other(p)
        r == Reach(p, s, dst)
    IN  \/ /\ natTab' = [natTab EXCEPT ![p] = r.tp, ![q] = r.tq]
           /\ inbox' = IF r.sock = NoSock THEN inbox
                       ELSE [inbox EXCEPT ![q] = @ \cup {[Pkt(k, r.from, r.sock) EXCEPT !.att = a]}]
           /\ filtered' = (filtered \/ (r.sock = NoSock /\ NatOf(q) = "Firewall"))
           /\ UNCHANGED lost
        \/ /\ lost < MAX_LOSS
           /\ natTab' = [natTab EXCEPT ![p] = r.tp]
           /\ lost' = lost + 1
           /\ UNCHANGED <<inbox, filtered>>

\* An opener: a PUNCH that, with a low TTL, only opens p's own NAT. On the
\* LAN there is no NAT on the way and a TTL of 2 reaches the other peer.
SendOpenerPacket(p, s, dst, a) ==
    IF LOW_TTL /\ dst.host # LanHost(Other(p))
      THEN /\ natTab' = [natTab EXCEPT ![p] = Out(p, natTab[p], s, dst).tab]
           /\ UNCHANGED <<inbox, lost, filtered>>
      ELSE SendToPeer(p, s, dst, "PUNCH", a)

-----------------------------------------------------------------------------
(* Guards the implementation checks; the mutants override them.            *)
\* ClassifyNat waits for both introducers' pongs (or the test message).
ClassifyReady(p) == testSeen[p] \/ \A i \in Introducers : pong[p][i] # 0
\* Two introducers saw different public ports.
PortsDiffer(p) ==
    \E i, j \in Introducers : pong[p][i] # 0 /\ pong[p][j] # 0 /\ pong[p][i] # pong[p][j]
\* Direct data only on a path the attempt confirmed.
DirectPathOk(p) == confirmed[p] # {}
\* Where a direct path may go: only a confirmed one.
UpgradeCandidates(p) == confirmed[p]
\* The socket a confirmed path starts from: the one the PUNCH or PUNCH_ACK came in on.
ConfirmedSock(m) == m.sock
\* The number B expects next when data packet m arrives.
ExpectedNext(m) == rcvNext
\* An INTRO with a lower id than the open attempt's is stale: both sides
\* keep the highest, so that they agree on one attempt.
StaleIntro(p, m) == phase[p] = "punching" /\ m.att < att[p]
\* A peer Static by mapping, on the direct strategy (its NAT check done),
\* sends no opener and punches MappedWait rounds late: the other side's
\* punch must reach the mapped port first, so that its entry carries the
\* answers; an outbound packet of its own would map the main port toward
\* the other side elsewhere, and the gateway would drop that punch.
SkipsOpeners(p, s) == PortMapped(p) /\ cls[p] # "unknown" /\ s = "direct"
\* Where I1's INTROs send others to the peer registered as r: its mapped
\* port when it has one (the introducer's reachableAt).
ReachableAt(r) == IF r.mapped # NoEp THEN r.mapped ELSE r.ep

\* The strategy table (org.ptpmesh.nat.Strategy): behind one public address
\* the LAN strategy; an unknown type on either side tries the direct one.
Strategy(mine, theirs, samePublic) ==
    IF samePublic THEN "lan"
    ELSE IF mine = "Static" \/ theirs = "Static" THEN "direct"
    ELSE IF mine = "Hard" /\ theirs = "Hard" THEN "relay"
    ELSE IF mine = "Easy" /\ theirs = "Hard" THEN "probe"
    ELSE IF mine = "Hard" /\ theirs = "Easy" THEN "open"
    ELSE "direct"

Punching(p) == phase[p] = "punching"
\* Punch intervals a mapped peer waits past the punch delay (Punching's
\* MAPPED_PUNCH_WAIT_INTERVALS), in rounds of the other side's punch timer.
MappedWait == 2
Lag(p) == IF SkipsOpeners(p, strat[p]) THEN MappedWait ELSE 0
\* The mapped address p's pings announce (MAPPEDADDR): only once its NAT
\* check is done, whose pings must say UNKNOWN.
MappedAddr(p) == IF PortMapped(p) /\ cls[p] # "unknown" THEN Ep(p, MappedPort) ELSE NoEp
\* The PUNCH came from the peer the attempt's INTRO named, from its public
\* or LAN address, with the attempt's id.
Vouched(p, m) ==
    /\ Punching(p) /\ m.att = att[p]
    /\ m.from.host \in {Other(p)} \cup (IF peerInfo[p].lan # NoEp THEN {LanHost(Other(p))} ELSE {})
\* The packet came over the direct path the peer took: in the implementation
\* the link moves in the step that confirms, so a path confirmed and not
\* yet upgraded to counts too.
OnDirectPath(p, m) ==
    LET path == [sock |-> m.sock, ep |-> m.from]
    IN  \/ mode[p] = "direct" /\ directPath[p] = path
        \/ mode[p] = "relay" /\ phase[p] = "direct" /\ path \in confirmed[p]
Unreplied(p) == {e \in natTab[p] : ~e.replied}
AllHandled == \A p \in Peers : inbox[p] = {}
IntroPending(p) == \E m \in inbox[p] : m.kind = "INTRO"

(***************************************************************************)
(* Timing assumptions. Each is a guard the implementation's timers make    *)
(* true; docs/spec.md says how a trace shows it held.                      *)
(***************************************************************************)
\* Openers first: a peer's first punch or probe leaves after the other
\* peer's openers when the other peer is punching too (the punch delay, 300
\* ms, exceeds the skew between the two INTROs of an attempt plus the time
\* to send the openers).
TA_OpenersFirst(p) == openerSent[Other(p)] \/ phase[Other(p)] # "punching"
\* Handled in time: every packet in flight, the other peer's INTRO and the
\* answer to a punch included, is handled before a peer's next punch round
\* or give-up (a round trip and the skew between the two INTROs of an
\* attempt are shorter than the 200 ms punch interval; handling takes no
\* time). Except, before a round, the other peer's PUNCHes waiting for p:
\* both peers' rounds follow their INTROs after the same punch delay and
\* at the same interval, so the other's round of the same number may fire
\* just before p's, its punches still in flight. The give-up comes an
\* interval after p's last round, and so after the other's last
\* (TA_RoundsInStep): nothing waits any more. Nothing ever waits for the
\* other peer, p's own punches and PUNCH_ACKs included: a packet let in
\* later could be dropped as stray after a give-up, which would excuse a
\* PUNCH_ACK never sent.
TA_HandledInTime(p, giveUp) ==
    /\ inbox[Other(p)] = {}
    /\ \A m \in inbox[p] : m.kind = "PUNCH" /\ ~giveUp

\* Rounds in step: both peers' punch rounds follow their INTROs at the same
\* interval, and the INTROs of an attempt arrive less than an interval
\* apart, so a peer's round n+1 (or its give-up after the last round) never
\* comes before the other punching peer's round n; a mapped peer's rounds
\* start MappedWait intervals late, so its round n+1 never comes before
\* the other's round n + MappedWait.
TA_RoundsInStep(p) ==
    LET q == Other(p)
    IN  (Punching(q) /\ strat[q] \in {"direct", "lan"}) => tries[p] + Lag(p) <= tries[q] + Lag(q)

\* Birthday: the Hard side's give-up timer (CONNECTING_MAX_TIME after the
\* punch delay) outlasts the Easy side's probes (BDP_MAX_PACKETS x BDP).
TA_OpenerOutlastsProbes(p) ==
    strat[p] = "open" => (phase[Other(p)] # "punching" \/ probes[Other(p)] = BDP_MAX)
\* Conntrack's unreplied entries expire (30 s) only outside an attempt and
\* with nothing in flight (an attempt lasts at most a few seconds).
TA_ExpiryOutsideAttempts(p) ==
    phase[p] # "punching" /\ phase[Other(p)] # "punching" /\ AllHandled
\* A peer asks for an introduction again after an attempt gave up only once
\* conntrack's unreplied entries of that attempt expired (the retransmit
\* timer asks at most once per CONNECTING_MAX_TIME, longer than the
\* attempt, and the new attempt starts after the old one's entries are gone).
TA_RetryAfterExpiry(p) ==
    /\ phase[Other(p)] # "punching" /\ AllHandled
    /\ Unreplied("A") = {} /\ Unreplied("B") = {}
\* A peer connects to a peer the introducer knows (it learned the target
\* from the introducer's list), once its own NAT check is over; the target
\* may still be checking, or its report may not have reached I1.
TA_ConnectWhenRegistered(p) ==
    cls[p] # "unknown" /\ reg[p].ep # NoEp /\ reg[Other(p)].ep # NoEp

-----------------------------------------------------------------------------
(* After the NAT check, as the boot phase leaves it (the test messages'    *)
(* unreplied entries long expired): a mapping from the main port to each  *)
(* introducer, the right classification, reported to I1.                  *)
CheckedPort(p, i) == IF EndpointDependent(p) /\ i = "I2" THEN 2 ELSE 1
CheckedTable(p) ==
    IF NatOf(p) = "Static" THEN {}
    ELSE {[pub |-> CheckedPort(p, i), rem |-> Ep(i, 1), loc |-> Main, replied |-> TRUE]
            : i \in Introducers}

Init ==
    /\ IF START = "boot"
         THEN /\ natTab = [p \in Peers |-> {}]
              /\ pong = [p \in Peers |-> [i \in Introducers |-> 0]]
              /\ testSeen = [p \in Peers |-> FALSE]
              /\ cls = [p \in Peers |-> "unknown"]
              /\ reg = [p \in Peers |-> [ep |-> NoEp, nat |-> "unknown", mapped |-> NoEp]]
         ELSE /\ natTab = [p \in Peers |-> CheckedTable(p)]
              /\ pong = [p \in Peers |-> [i \in Introducers |-> CheckedPort(p, i)]]
              /\ testSeen = [p \in Peers |-> NatOf(p) = "Static"]
              /\ cls = [p \in Peers |-> TypeOf(p)]
              /\ reg = [p \in Peers |-> [ep |-> Ep(p, 1), nat |-> TypeOf(p),
                                          mapped |-> IF PortMapped(p) THEN Ep(p, MappedPort) ELSE NoEp]]
    /\ inbox = [p \in Peers |-> {}]
    /\ asked = 0
    /\ phase = [p \in Peers |-> "idle"]
    /\ introTries = [p \in Peers |-> 0]
    /\ att = [p \in Peers |-> 0]
    /\ peerInfo = [p \in Peers |-> [ep |-> NoEp, nat |-> "unknown", lan |-> NoEp]]
    /\ strat = [p \in Peers |-> "none"]
    /\ openerSent = [p \in Peers |-> FALSE]
    /\ opened = [p \in Peers |-> 0]
    /\ tries = [p \in Peers |-> 0]
    /\ probes = [p \in Peers |-> 0]
    /\ confirmed = [p \in Peers |-> {}]
    /\ mode = [p \in Peers |-> "none"]
    /\ directPath = [p \in Peers |-> [sock |-> Main, ep |-> NoEp]]
    /\ fallbacks = 0
    /\ lost = 0
    /\ sent = 0
    /\ dataNet = {}
    /\ rcvNext = 1
    /\ rcvBuf = {}
    /\ delivered = <<>>
    /\ acked = 0
    /\ viaRelay = FALSE
    /\ filtered = FALSE

(* ---- NAT check ---- *)
\* p pings introducer i from its main port (again, while no pong came). The
\* introducer answers at once with a pong that reports p's public port and
\* with a test message from its other port to p's test port; I1 registers
\* p where the ping came from, with the NAT type it said (unknown: p is
\* checking).
SendPing(p, i) ==
    /\ pong[p][i] = 0
    /\ ~\E m \in inbox[p] : m.kind = "PONG" /\ m.from = Ep(i, 1)
    /\ LET o == Out(p, natTab[p], Main, Ep(i, 1))
           r == In(p, o.tab, Ep(i, 1), o.port)
           t == In(p, r.tab, Ep(i, 2), 2)
           pk == [Pkt("PONG", Ep(i, 1), r.sock) EXCEPT !.obs = o.port]
       IN  \/ /\ natTab' = [natTab EXCEPT ![p] = IF o.port = 0 THEN @ ELSE t.tab]
              /\ inbox' = [inbox EXCEPT ![p] = @ \cup (IF o.port = 0 THEN {} ELSE {pk})
                             \cup (IF o.port = 0 \/ t.sock = NoSock THEN {}
                                   ELSE {Pkt("TEST", Ep(i, 2), t.sock)})]
              /\ reg' = IF i = "I1" /\ o.port # 0
                          THEN [reg EXCEPT ![p] = [ep |-> Ep(p, o.port), nat |-> cls[p], mapped |-> MappedAddr(p)]]
                          ELSE reg
              /\ UNCHANGED lost
           \/ /\ lost < MAX_LOSS
              /\ natTab' = [natTab EXCEPT ![p] = o.tab]
              /\ lost' = lost + 1
              /\ UNCHANGED <<inbox, reg>>
    /\ UNCHANGED <<pong, testSeen, cls, asked, filtered, attemptVars, linkVars, dataVars>>

ReceivePong(p) ==
    \E m \in inbox[p] :
        /\ m.kind = "PONG" /\ m.from.host \in Introducers
        /\ inbox' = [inbox EXCEPT ![p] = @ \ {m}]
        /\ pong' = [pong EXCEPT ![p][m.from.host] = m.obs]
        /\ UNCHANGED <<natTab, filtered, testSeen, cls, reg, asked, attemptVars, linkVars, lost, dataVars>>

ReceiveTest(p) ==
    \E m \in inbox[p] :
        /\ m.kind = "TEST"
        /\ inbox' = [inbox EXCEPT ![p] = @ \ {m}]
        /\ testSeen' = [testSeen EXCEPT ![p] = (m.sock = Test) \/ @]
        /\ UNCHANGED <<natTab, filtered, pong, cls, reg, asked, attemptVars, linkVars, lost, dataVars>>

ClassifyNat(p) ==
    /\ cls[p] = "unknown" /\ ClassifyReady(p)
    /\ cls' = [cls EXCEPT ![p] =
                 IF testSeen[p] \/ StaticByMapping(p) THEN "Static"
                 ELSE IF PortsDiffer(p) THEN "Hard" ELSE "Easy"]
    /\ UNCHANGED <<natTab, filtered, inbox, pong, testSeen, reg, asked, attemptVars, linkVars, lost, dataVars>>

\* After classifying, p reports its type to I1 in a ping (again, while I1
\* still holds another: the report's retries and every later keepalive
\* ping carry it). Introductions use what I1 holds.
ReportNat(p) ==
    /\ cls[p] # "unknown" /\ reg[p].ep # NoEp /\ reg[p].nat # cls[p]
    /\ LET o == Out(p, natTab[p], Main, Ep("I1", 1))
       IN  \/ /\ o.port # 0
              /\ natTab' = [natTab EXCEPT ![p] = In(p, o.tab, Ep("I1", 1), o.port).tab]
              /\ reg' = [reg EXCEPT ![p] = [ep |-> Ep(p, o.port), nat |-> cls[p], mapped |-> MappedAddr(p)]]
              /\ UNCHANGED lost
           \/ /\ lost < MAX_LOSS
              /\ natTab' = [natTab EXCEPT ![p] = o.tab]
              /\ lost' = lost + 1
              /\ UNCHANGED reg
    /\ UNCHANGED <<inbox, pong, testSeen, cls, asked, filtered, attemptVars, linkVars, dataVars>>

(* ---- introduction ---- *)
\* p asks I1 to introduce it to the other peer: the first request of a
\* connect, a retry of its timer while no INTRO came (at most INTRO_TRIES
\* in all), or, on the relay with data unacknowledged, again after an
\* attempt gave up. I1 answers within the step: a requester it does not
\* know at the request's source gets INTRO_ERROR; otherwise both peers
\* get an INTRO under a new attempt id, each naming the other with the
\* endpoint and NAT type I1 holds (and its LAN address when both sit
\* behind one public address).
RequestIntro(p) ==
    LET q == Other(p)
        o == Out(p, natTab[p], Main, Ep("I1", 1))
        id == asked + 1
        lanOf(x) == IF LAN THEN Ep(LanHost(x), Main) ELSE NoEp
        intro(x, y, t) ==
            LET r == In(x, t, Ep("I1", 1), reg[x].ep.port)
            IN  [sock |-> r.sock, tab |-> r.tab,
                 pkt |-> [Pkt("INTRO", Ep("I1", 1), r.sock) EXCEPT
                             !.ep = ReachableAt(reg[y]), !.nat = reg[y].nat, !.lan = lanOf(y), !.att = id]]
        toP == intro(p, q, o.tab)
        toQ == intro(q, p, natTab[q])
        err == In(p, o.tab, Ep("I1", 1), o.port)
        known == o.port # 0 /\ reg[p].ep = Ep(p, o.port) /\ reg[q].ep # NoEp
        add(r) == IF r.sock # NoSock THEN {r.pkt} ELSE {}
    IN
    /\ asked < INTROS
    /\ \/ phase[p] = "idle" /\ TA_ConnectWhenRegistered(p)
       \/ phase[p] = "requested" /\ introTries[p] < INTRO_TRIES
       \/ /\ phase[p] = "relayed" /\ mode[p] = "relay" /\ p = "A" /\ sent > acked
          /\ TA_RetryAfterExpiry(p)
    /\ phase' = [phase EXCEPT ![p] = "requested"]
    /\ introTries' = [introTries EXCEPT ![p] = IF phase[p] = "requested" THEN @ + 1 ELSE 1]
    /\ asked' = id
    /\ \E lose \in SUBSET {"request", "toP", "toQ"} :
         /\ lost + Cardinality(lose) <= MAX_LOSS
         /\ lost' = lost + Cardinality(lose)
         /\ IF "request" \in lose
              THEN /\ natTab' = [natTab EXCEPT ![p] = o.tab]
                   /\ UNCHANGED inbox
            ELSE IF ~known
              THEN /\ "toQ" \notin lose
                   /\ natTab' = [natTab EXCEPT ![p] = err.tab]
                   /\ inbox' = [inbox EXCEPT ![p] = @ \cup
                                  (IF "toP" \in lose \/ err.sock = NoSock THEN {}
                                   ELSE {Pkt("INTRO_ERROR", Ep("I1", 1), err.sock)})]
            ELSE /\ natTab' = [natTab EXCEPT ![p] = toP.tab, ![q] = toQ.tab]
                 /\ inbox' = [inbox EXCEPT
                                ![p] = @ \cup (IF "toP" \in lose THEN {} ELSE add(toP)),
                                ![q] = @ \cup (IF "toQ" \in lose THEN {} ELSE add(toQ))]
    /\ UNCHANGED <<pong, testSeen, cls, reg, filtered, att, peerInfo, strat, openerSent, opened, tries,
                   probes, confirmed, linkVars, dataVars>>

\* An INTRO: dropped when it is a duplicate (the attempt's own id) or stale
\* (a lower id while the attempt is open), ignored when the link is
\* already direct; otherwise it replaces any attempt toward the other peer
\* with a new one, with the strategy for the two NAT types, and relay
\* first: the link goes to the relay at once (the implementation logs
\* RelayStart in the same step). The network may deliver the INTRO twice
\* (a fault, counted with the losses).
ReceiveIntro(p) ==
    \E m \in inbox[p] :
        /\ m.kind = "INTRO"
        /\ \/ inbox' = [inbox EXCEPT ![p] = @ \ {m}] /\ UNCHANGED lost
           \/ lost < MAX_LOSS /\ lost' = lost + 1 /\ UNCHANGED inbox
        /\ IF m.att = att[p] \/ StaleIntro(p, m) \/ mode[p] = "direct" \/ phase[p] = "direct"
             THEN UNCHANGED <<attemptVars, mode>>
             ELSE LET same == m.lan # NoEp /\ \E i \in Introducers : pong[p][i] # 0
                      s == Strategy(cls[p], m.nat, same)
                  IN  /\ phase' = [phase EXCEPT ![p] = IF s = "relay" THEN "relayed" ELSE "punching"]
                      /\ introTries' = [introTries EXCEPT ![p] = 0]
                      /\ att' = [att EXCEPT ![p] = m.att]
                      /\ peerInfo' = [peerInfo EXCEPT ![p] = [ep |-> m.ep, nat |-> m.nat, lan |-> m.lan]]
                      /\ strat' = [strat EXCEPT ![p] = s]
                      \* a mapped peer has no opener to send: the other side may punch
                      /\ openerSent' = [openerSent EXCEPT ![p] = SkipsOpeners(p, s)]
                      /\ opened' = [opened EXCEPT ![p] = 0]
                      /\ tries' = [tries EXCEPT ![p] = 0]
                      /\ probes' = [probes EXCEPT ![p] = 0]
                      /\ confirmed' = [confirmed EXCEPT ![p] = {}]
                      /\ mode' = [mode EXCEPT ![p] = IF @ = "none" THEN "relay" ELSE @]
        /\ UNCHANGED <<natTab, filtered, pong, testSeen, cls, reg, asked, directPath, fallbacks, dataVars>>

\* The request timer after the last retry (or I1 served all it will in
\* this model, or an INTRO_ERROR came): the connect gives up, and the link
\* stays where it is (the implementation logs GiveUpPunch with 0 probes,
\* or ReceiveIntroError).
GiveUpIntro(p) ==
    /\ phase[p] = "requested"
    /\ \/ /\ introTries[p] = INTRO_TRIES \/ asked = INTROS
          /\ UNCHANGED inbox
       \/ \E m \in inbox[p] :
            /\ m.kind = "INTRO_ERROR"
            /\ inbox' = [inbox EXCEPT ![p] = @ \ {m}]
    /\ phase' = [phase EXCEPT ![p] = "relayed"]
    /\ introTries' = [introTries EXCEPT ![p] = 0]
    /\ UNCHANGED <<natTab, filtered, pong, testSeen, cls, reg, asked, att, peerInfo, strat, openerSent,
                   opened, tries, probes, confirmed, linkVars, lost, dataVars>>

(* ---- punching ---- *)
\* Deliver the packet r (from Reach) to the other peer, or lose it.
Deliver(p, r, k, a) ==
    \/ /\ inbox' = IF r.sock = NoSock THEN inbox
                   ELSE [inbox EXCEPT ![Other(p)] = @ \cup {[Pkt(k, r.from, r.sock) EXCEPT !.att = a]}]
       /\ UNCHANGED lost
    \/ /\ lost < MAX_LOSS
       /\ lost' = lost + 1
       /\ UNCHANGED inbox

\* The punches of one round (or the openers) from the main port: to the
\* other's public address, and for the LAN strategy to its LAN address too
\* (behind one device the public copy dies there).
SendPunches(p, opener) ==
    IF strat[p] = "lan"
      THEN LET r == Reach(p, Main, peerInfo[p].lan)
           IN  /\ natTab' = [natTab EXCEPT ![p] = Out(p, natTab[p], Main, peerInfo[p].ep).tab]
               /\ Deliver(p, r, "PUNCH", att[p])
               /\ UNCHANGED filtered
    ELSE IF opener THEN SendOpenerPacket(p, Main, peerInfo[p].ep, att[p])
    ELSE SendToPeer(p, Main, peerInfo[p].ep, "PUNCH", att[p])

\* Direct and LAN strategies: the opener(s) from the main port.
SendOpener(p) ==
    /\ Punching(p) /\ strat[p] \in {"direct", "lan"} /\ ~openerSent[p]
    /\ SendPunches(p, TRUE)
    /\ openerSent' = [openerSent EXCEPT ![p] = TRUE]
    /\ UNCHANGED <<pong, testSeen, cls, reg, asked, phase, introTries, att, peerInfo, strat,
                   opened, tries, probes, confirmed, linkVars, dataVars>>

\* Birthday strategy, Hard side: one opener from each of OPENERS new sockets.
OpenPort(p) ==
    /\ Punching(p) /\ strat[p] = "open" /\ opened[p] < OPENERS
    /\ SendOpenerPacket(p, Opener(opened[p] + 1), peerInfo[p].ep, att[p])
    /\ opened' = [opened EXCEPT ![p] = @ + 1]
    /\ openerSent' = [openerSent EXCEPT ![p] = (opened[p] + 1 = OPENERS)]
    /\ UNCHANGED <<pong, testSeen, cls, reg, asked, phase, introTries, att, peerInfo, strat,
                   tries, probes, confirmed, linkVars, dataVars>>

\* Birthday strategy, Easy side: a probe (a PUNCH) to a random port of the
\* Hard peer's address, at most BDP_MAX per attempt.
SendProbe(p, port) ==
    /\ Punching(p) /\ strat[p] = "probe" /\ probes[p] < BDP_MAX
    /\ TA_OpenersFirst(p)
    /\ SendToPeer(p, Main, Ep(peerInfo[p].ep.host, port), "PUNCH", att[p])
    /\ probes' = [probes EXCEPT ![p] = @ + 1]
    /\ openerSent' = [openerSent EXCEPT ![p] = TRUE]
    /\ UNCHANGED <<pong, testSeen, cls, reg, asked, phase, introTries, att, peerInfo, strat,
                   opened, tries, confirmed, linkVars, dataVars>>

\* The punch timer (direct and LAN strategies): one round of punches.
PunchTimer(p) ==
    /\ Punching(p) /\ strat[p] \in {"direct", "lan"} /\ openerSent[p] /\ tries[p] < PUNCH_TRIES
    /\ TA_OpenersFirst(p) /\ TA_HandledInTime(p, FALSE) /\ TA_RoundsInStep(p)
    /\ SendPunches(p, FALSE)
    /\ tries' = [tries EXCEPT ![p] = @ + 1]
    /\ UNCHANGED <<pong, testSeen, cls, reg, asked, phase, introTries, att, peerInfo, strat,
                   openerSent, opened, probes, confirmed, linkVars, dataVars>>

\* Confirm the path packet m came in on; the attempt ends with it.
Confirm(p, m) ==
    /\ confirmed' = [confirmed EXCEPT ![p] = @ \cup {[sock |-> ConfirmedSock(m), ep |-> m.from]}]
    /\ phase' = [phase EXCEPT ![p] = "direct"]

\* A PUNCH (a punch or a birthday probe) from the introduced peer with the
\* attempt's id: answered with a PUNCH_ACK from the socket it came in on,
\* and that path is confirmed (the implementation logs PathConfirmed in
\* the same step).
ReceivePunch(p) ==
    \E m \in inbox[p] :
        /\ m.kind = "PUNCH" /\ Vouched(p, m) /\ ~OnDirectPath(p, m)
        /\ LET q == Other(p)
               r == Reach(p, m.sock, m.from)
           IN  /\ natTab' = [natTab EXCEPT ![p] = r.tp, ![q] = r.tq]
               /\ \/ /\ inbox' = [inbox EXCEPT ![p] = @ \ {m},
                                    ![q] = IF r.sock = NoSock THEN @
                                           ELSE @ \cup {[Pkt("PUNCH_ACK", r.from, r.sock) EXCEPT !.att = m.att]}]
                     /\ UNCHANGED lost
                  \/ /\ lost < MAX_LOSS
                     /\ inbox' = [inbox EXCEPT ![p] = @ \ {m}]
                     /\ lost' = lost + 1
        /\ Confirm(p, m)
        /\ UNCHANGED <<pong, testSeen, cls, reg, asked, filtered, introTries, att, peerInfo, strat,
                       openerSent, opened, tries, probes, linkVars, dataVars>>

\* A late PUNCH on the direct path already taken: its PUNCH_ACK was lost or
\* is on its way, so answer again (not logged by the implementation).
AnswerOnPath(p) ==
    \E m \in inbox[p] :
        /\ m.kind = "PUNCH" /\ OnDirectPath(p, m)
        /\ LET q == Other(p)
               r == Reach(p, m.sock, m.from)
           IN  /\ natTab' = [natTab EXCEPT ![p] = r.tp, ![q] = r.tq]
               /\ \/ /\ inbox' = [inbox EXCEPT ![p] = @ \ {m},
                                    ![q] = IF r.sock = NoSock THEN @
                                           ELSE @ \cup {[Pkt("PUNCH_ACK", r.from, r.sock) EXCEPT !.att = m.att]}]
                     /\ UNCHANGED lost
                  \/ /\ lost < MAX_LOSS
                     /\ inbox' = [inbox EXCEPT ![p] = @ \ {m}]
                     /\ lost' = lost + 1
        /\ UNCHANGED <<pong, testSeen, cls, reg, asked, filtered, attemptVars, linkVars, dataVars>>

\* A PUNCH_ACK from the introduced peer with the attempt's id confirms the
\* path it came back on.
PathConfirmed(p) ==
    \E m \in inbox[p] :
        /\ m.kind = "PUNCH_ACK" /\ Vouched(p, m) /\ ~OnDirectPath(p, m)
        /\ inbox' = [inbox EXCEPT ![p] = @ \ {m}]
        /\ Confirm(p, m)
        /\ UNCHANGED <<natTab, filtered, pong, testSeen, cls, reg, asked, introTries, att, peerInfo, strat,
                       openerSent, opened, tries, probes, linkVars, lost, dataVars>>

\* What the peer drops (counted, not logged): a PUNCH or PUNCH_ACK no
\* open attempt vouches for, a PUNCH_ACK on the path already taken, an
\* INTRO_ERROR for no pending request.
DropStray(p) ==
    \E m \in inbox[p] :
        /\ \/ m.kind \in {"PUNCH", "PUNCH_ACK"} /\ ~Vouched(p, m) /\ ~OnDirectPath(p, m)
           \/ m.kind = "PUNCH_ACK" /\ OnDirectPath(p, m)
           \/ m.kind = "INTRO_ERROR" /\ phase[p] # "requested"
        /\ inbox' = [inbox EXCEPT ![p] = @ \ {m}]
        /\ UNCHANGED <<natTab, filtered, pong, testSeen, cls, reg, asked, attemptVars, linkVars, lost, dataVars>>

\* The link moves to the confirmed path, silently (in the implementation
\* in the step that confirmed it; here it may come later).
UpgradeToDirect(p) ==
    /\ mode[p] = "relay" /\ phase[p] \in {"punching", "direct"} /\ strat[p] # "relay"
    /\ DirectPathOk(p)
    /\ \E path \in UpgradeCandidates(p) : directPath' = [directPath EXCEPT ![p] = path]
    /\ mode' = [mode EXCEPT ![p] = "direct"]
    /\ UNCHANGED <<natVars, attemptVars, fallbacks, lost, dataVars>>

\* The attempt is over without a path: the link stays on the relay. The
\* direct and LAN strategies after their punch rounds, the Easy side after
\* its probes, the Hard side when its give-up timer fires.
GiveUpPunch(p) ==
    /\ Punching(p) /\ TA_HandledInTime(p, TRUE)
    /\ CASE strat[p] \in {"direct", "lan"} -> tries[p] = PUNCH_TRIES /\ TA_RoundsInStep(p)
         [] strat[p] = "probe" -> probes[p] = BDP_MAX
         [] strat[p] = "open" -> opened[p] = OPENERS /\ TA_OpenerOutlastsProbes(p)
    /\ phase' = [phase EXCEPT ![p] = "relayed"]
    /\ UNCHANGED <<natVars, introTries, att, peerInfo, strat, openerSent, opened, tries, probes,
                   confirmed, linkVars, lost, dataVars>>

\* The other peer's link is not direct and no attempt of its own will make
\* it so: it drops what comes over the direct path, keepalives included.
PathSilent(p) == mode[Other(p)] # "direct" /\ phase[Other(p)] \notin {"punching", "direct"}

\* Timer: the direct path stopped answering (no answer for
\* DIRECT_MISSED_KEEPALIVES keepalive periods), because the network
\* failed it (at most FALLBACKS times a run) or because the other peer left
\* it. The link falls back to the relay, the attempt is forgotten, and the
\* peer connects again (its request is the next RequestIntro).
\* Unacknowledged data follows on the relay through the retransmissions.
FallbackToRelay(p) ==
    /\ mode[p] = "direct" /\ (fallbacks < FALLBACKS \/ PathSilent(p))
    /\ mode' = [mode EXCEPT ![p] = "relay"]
    /\ fallbacks' = IF PathSilent(p) THEN fallbacks ELSE fallbacks + 1
    /\ phase' = [phase EXCEPT ![p] = "idle"]
    /\ att' = [att EXCEPT ![p] = 0]
    /\ confirmed' = [confirmed EXCEPT ![p] = {}]
    /\ UNCHANGED <<natVars, introTries, peerInfo, strat, openerSent, opened, tries, probes,
                   directPath, lost, dataVars>>

\* Environment: conntrack drops an entry that never saw a reply (30 s).
ExpireEntry(p) ==
    /\ TA_ExpiryOutsideAttempts(p)
    /\ \E e \in Unreplied(p) : natTab' = [natTab EXCEPT ![p] = @ \ {e}]
    /\ UNCHANGED <<inbox, pong, testSeen, cls, reg, asked, filtered, attemptVars, linkVars, lost, dataVars>>

(* ---- application data, A to B ---- *)
DataPackets == [seq : 1..MSGS, path : {"relay", "direct"}]

\* A sends its next message on its link. The first one starts the relay
\* when the link has none yet (relay first: the implementation logs
\* RelayStart in that step, and asks for an introduction in it, so A is
\* past "idle"); the INTRO does it otherwise (ReceiveIntro).
SendData ==
    /\ sent < MSGS /\ (mode["A"] # "none" \/ phase["A"] # "idle")
    /\ LET path == IF mode["A"] = "none" THEN "relay" ELSE mode["A"]
       IN  /\ mode' = [mode EXCEPT !["A"] = path]
           /\ sent' = sent + 1
           /\ dataNet' = dataNet \cup {[seq |-> sent + 1, path |-> path]}
           /\ viaRelay' = (viaRelay \/ path = "relay")
    /\ UNCHANGED <<natVars, attemptVars, directPath, fallbacks, lost, rcvNext, rcvBuf, delivered, acked>>

\* A sends an unacknowledged message again on its current path (the
\* retransmission timer, and at once after a switch of path): one no
\* acknowledgement covers yet, which B may have delivered already (its
\* DATA_ACK is on its way).
ResendData(n) ==
    /\ n \in 1..sent /\ n > acked /\ mode["A"] # "none"
    /\ [seq |-> n, path |-> mode["A"]] \notin dataNet
    /\ dataNet' = dataNet \cup {[seq |-> n, path |-> mode["A"]]}
    /\ viaRelay' = (viaRelay \/ mode["A"] = "relay")
    /\ UNCHANGED <<natVars, attemptVars, linkVars, lost, sent, rcvNext, rcvBuf, delivered, acked>>

\* One of B's cumulative DATA_ACKs reaches A: it covers what B had delivered
\* when it sent it (B acknowledges every data packet it takes, so a lost or
\* overtaken one is made up for by a later one).
ReceiveAck ==
    /\ \E k \in (acked + 1)..(rcvNext - 1) : acked' = k
    /\ UNCHANGED <<natVars, attemptVars, linkVars, lost, sent, dataNet, rcvNext, rcvBuf, delivered, viaRelay>>

\* B takes data packet m: a direct one only while its own link is direct
\* (off the path it is dropped); a relayed one from a peer it has no link
\* to starts its relay. The next expected message is delivered with any
\* that waited behind it, a later one waits, an earlier one is a duplicate.
ReceiveData(m) ==
    /\ m \in dataNet
    /\ dataNet' = dataNet \ {m}
    /\ LET next == ExpectedNext(m)
           have == rcvBuf \cup {m.seq}
           run == {k \in next..MSGS : \A j \in next..k : j \in have}
           upto == IF run = {} THEN next - 1 ELSE Max(run)
       IN  IF (m.path = "direct" /\ mode["B"] # "direct") \/ m.seq < next \/ m.seq \in rcvBuf
             THEN UNCHANGED <<rcvNext, rcvBuf, delivered>>
           ELSE IF m.seq = next
             THEN /\ delivered' = delivered \o [k \in 1..(upto - next + 1) |-> next + k - 1]
                  /\ rcvNext' = upto + 1
                  /\ rcvBuf' = {k \in have : k > upto}
             ELSE /\ rcvBuf' = have
                  /\ UNCHANGED <<rcvNext, delivered>>
    /\ mode' = IF m.path = "relay" /\ mode["B"] = "none" THEN [mode EXCEPT !["B"] = "relay"] ELSE mode
    /\ UNCHANGED <<natVars, attemptVars, directPath, fallbacks, lost, sent, acked, viaRelay>>

LoseData ==
    \E m \in dataNet :
        /\ lost < MAX_LOSS
        /\ dataNet' = dataNet \ {m}
        /\ lost' = lost + 1
        /\ UNCHANGED <<natVars, attemptVars, linkVars, sent, rcvNext, rcvBuf, delivered, acked, viaRelay>>

-----------------------------------------------------------------------------
PeerStep(p) ==
    \/ \E i \in Introducers : SendPing(p, i)
    \/ ReceivePong(p) \/ ReceiveTest(p) \/ ClassifyNat(p) \/ ReportNat(p)
    \/ RequestIntro(p) \/ ReceiveIntro(p) \/ GiveUpIntro(p)
    \/ SendOpener(p) \/ OpenPort(p) \/ \E port \in Ports : SendProbe(p, port)
    \/ PunchTimer(p) \/ ReceivePunch(p) \/ AnswerOnPath(p) \/ PathConfirmed(p) \/ DropStray(p)
    \/ UpgradeToDirect(p) \/ GiveUpPunch(p)

\* Both peers are done connecting (directly, on the relay, or with no
\* introduction left to ask for): the system may rest here.
Settled ==
    /\ \A p \in Peers : phase[p] \in {"direct", "relayed"} \/ asked = INTROS
    /\ UNCHANGED vars

Next ==
    \/ \E p \in Peers : PeerStep(p) \/ ExpireEntry(p) \/ FallbackToRelay(p)
    \/ SendData \/ LoseData \/ \E m \in DataPackets : ReceiveData(m)
    \/ \E n \in 1..MSGS : ResendData(n)
    \/ ReceiveAck
    \/ Settled

(***************************************************************************)
(* Fairness (the liveness assumptions besides the timing ones above): each *)
(* peer keeps taking steps while it has one to take (weak fairness on all  *)
(* of a peer's steps together: its timers fire, an idle peer connects, and *)
(* none of its own steps loops forever, as every counter is bounded), a    *)
(* peer reads what waits in its inbox (weak fairness on each kind of       *)
(* receipt), conntrack's expiry happens, and data moves: sending, the      *)
(* retransmission of each message, the receipt of each data packet and   *)
(* the acknowledgements are weakly fair each (fairness on them together    *)
(* lets A resend, and B take, one message forever and never the other).    *)
(* Loss is not fair; it is bounded by MAX_LOSS. A direct path's failure is *)
(* not fair either, and                                                    *)
(* bounded by FALLBACKS; the fallback from a path the other peer left is   *)
(* (its keepalive timer). Which probe port the Easy side picks is not      *)
(* fair: the birthday strategy may miss every time.                        *)
(***************************************************************************)
Fairness ==
    /\ \A p \in Peers :
         /\ WF_vars(PeerStep(p)) /\ WF_vars(ExpireEntry(p))
         /\ WF_vars(ReceivePunch(p)) /\ WF_vars(PathConfirmed(p)) /\ WF_vars(ReceiveIntro(p))
         /\ WF_vars(AnswerOnPath(p)) /\ WF_vars(DropStray(p))
         /\ WF_vars(PathSilent(p) /\ FallbackToRelay(p))
    /\ WF_vars(SendData) /\ WF_vars(ReceiveAck)
    /\ \A n \in 1..MSGS : WF_vars(ResendData(n))
    /\ \A m \in DataPackets : WF_vars(ReceiveData(m))

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
TypeOK ==
    /\ natTab \in [Peers -> SUBSET Entries]
    /\ inbox \in [Peers -> SUBSET Packets]
    /\ pong \in [Peers -> [Introducers -> 0..PORTS]]
    /\ testSeen \in [Peers -> BOOLEAN]
    /\ cls \in [Peers -> NatKnown]
    /\ reg \in [Peers -> Registrations]
    /\ asked \in 0..INTROS
    /\ phase \in [Peers -> Phases]
    /\ introTries \in [Peers -> 0..INTRO_TRIES]
    /\ att \in [Peers -> Attempts]
    /\ peerInfo \in [Peers -> [ep : Endpoints, nat : NatKnown, lan : Endpoints]]
    /\ strat \in [Peers -> {"none", "direct", "lan", "probe", "open", "relay"}]
    /\ openerSent \in [Peers -> BOOLEAN]
    /\ opened \in [Peers -> 0..OPENERS]
    /\ tries \in [Peers -> 0..PUNCH_TRIES]
    /\ probes \in [Peers -> 0..BDP_MAX]
    /\ confirmed \in [Peers -> SUBSET Paths]
    /\ mode \in [Peers -> {"none", "relay", "direct"}]
    /\ directPath \in [Peers -> Paths]
    /\ fallbacks \in 0..FALLBACKS
    /\ lost \in 0..MAX_LOSS
    /\ sent \in 0..MSGS
    /\ dataNet \subseteq DataPackets
    /\ rcvNext \in 1..MSGS + 1
    /\ rcvBuf \subseteq 1..MSGS
    /\ delivered \in Seq(1..MSGS)
    /\ acked \in 0..MSGS
    /\ viaRelay \in BOOLEAN
    /\ filtered \in BOOLEAN

\* Safety: no Static behind a NAT that filters (Easy, Hard and a firewall
\* all do), unless its router forwards a mapped port to the peer.
NoFalseStatic == \A p \in Peers : cls[p] = "Static" => NatOf(p) \in {"Static", "HardMapped"}

\* Safety: no Easy behind an endpoint-dependent mapping once both pongs are in.
NoFalseEasy ==
    \A p \in Peers :
        (cls[p] = "Easy" /\ \A i \in Introducers : pong[p][i] # 0) => ~EndpointDependent(p)

\* Safety: a peer sends application data directly only over a path its
\* attempt confirmed with a PUNCH or a PUNCH_ACK.
DirectOnlyConfirmed == \A p \in Peers : mode[p] = "direct" => directPath[p] \in confirmed[p]

\* Safety: the path direct data uses really crosses both NATs: a packet
\* from its socket to its endpoint leaves p's NAT and reaches a socket of
\* the other peer. (DirectOnlyConfirmed says the path was confirmed; this
\* says the path recorded is the one the packet came in on.)
PathWorks ==
    \A p \in Peers : mode[p] = "direct" => Reach(p, directPath[p].sock, directPath[p].ep).sock # NoSock

\* Safety: a mapped peer needs no birthday strategy: nobody probes or opens
\* ports when one side is mapped.
NoBirthdayWhenMapped ==
    (\E p \in Peers : PortMapped(p)) => \A p \in Peers : probes[p] = 0 /\ opened[p] = 0

\* Safety: the openers open both firewalls before a punch arrives: no PUNCH
\* is dropped by the other peer's firewall.
NoPunchFiltered == ~filtered

\* Safety: probes per attempt never exceed the budget.
ProbesWithinBudget == \A p \in Peers : probes[p] <= BDP_MAX

\* Safety: without loss, two punching peers are on one attempt id once
\* neither has an INTRO left to read: each keeps the highest, so punches are
\* vouched on both sides. (One lost INTRO is enough to break it: a peer
\* that missed the newer INTRO stays on the older attempt, the other moved
\* on, and both attempts give up; the peers stay on the relay until they
\* connect again.)
AttemptsAgree ==
    (lost = 0 /\ \A p \in Peers : Punching(p) /\ ~IntroPending(p)) => att["A"] = att["B"]

\* Safety: across the relay -> direct and direct -> relay switches, B
\* delivers every message exactly once and in order.
ExactlyOnceInOrder == delivered = [k \in 1..Len(delivered) |-> k]

\* Liveness: both peers end on a direct path (Easy/Easy, any pair with Static, LAN).
DirectEventually == <>(\A p \in Peers : phase[p] = "direct")

\* Liveness: both peers end on the relay (Hard/Hard).
RelayEventually == <>(\A p \in Peers : phase[p] = "relayed" /\ mode[p] = "relay")

\* Liveness: every connect attempt ends, directly, on the relay or given up.
AttemptsEnd == \A p \in Peers : []<>(phase[p] # "punching")

\* Liveness: every message A has to send is delivered.
DataDelivered == <>(Len(delivered) = MSGS)

\* Reachability goals, negated: TLC must find a counterexample to each.
NoBirthdaySuccess == ~\E p \in Peers : strat[p] = "probe" /\ phase[p] = "direct"
NoRelayUpgrade == ~(viaRelay /\ mode["A"] = "direct" /\ Len(delivered) = MSGS)
\* Data on the relay, a direct path, the fallback and a direct path again, all delivered.
NoSecondUpgrade == ~(fallbacks = FALLBACKS /\ FALLBACKS > 0 /\ mode["A"] = "direct" /\ Len(delivered) = MSGS)
=============================================================================
