---------------------------- MODULE NatTraversal ----------------------------
(***************************************************************************)
(* NAT classification, introduction, hole punching, relay and the          *)
(* relay-first upgrade (the introducer design and the Copilot pattern:     *)
(* docs/glossary.md), for two peers A and B and two introducers I1 and I2  *)
(* (I1 also introduces and relays).                                        *)
(*                                                                         *)
(* NAT models, per peer (NAT_A, NAT_B):                                    *)
(*   Static: no NAT, every packet reaches the socket bound to its port.    *)
(*   Easy:   endpoint-independent mapping (a socket keeps its public port  *)
(*           for every destination, the local port when free), address-   *)
(*           and-port-dependent filtering.                                 *)
(*   Hard:   endpoint-dependent mapping (a fresh public port for every     *)
(*           destination), address-and-port-dependent filtering.           *)
(* With CONNTRACK a NAT also behaves like Linux conntrack: an inbound      *)
(* packet that matches no mapping leaves an unreplied entry, and an        *)
(* outbound packet whose tuple that entry holds gets another public port.  *)
(* A packet that only opens a mapping (an "opener") is sent with a low TTL *)
(* when LOW_TTL holds: it opens the sender's NAT and dies before the far   *)
(* one.                                                                    *)
(*                                                                         *)
(* Network. Control packets cross both NATs in the step that sends them    *)
(* (the order in which packets reach a NAT is the order of the send steps, *)
(* which is what the conntrack race is about) and wait in the receiver's   *)
(* inbox until it handles them; the introducers answer within the step     *)
(* (they only keep who asked for an introduction). Application data from A *)
(* to B travels in a separate set, so relay and direct packets can         *)
(* overtake each other. At most MAX_LOSS packets are lost in a run.        *)
(*                                                                         *)
(* Timing assumptions, each a guard: a peer's first punch ping leaves      *)
(* after the other peer's opener when both got the introduction (the punch *)
(* delay exceeds the skew between the two introductions); a packet that    *)
(* reached a peer, and the other peer's introduction, are handled before   *)
(* the peer's next punch round, and every packet before conntrack expires  *)
(* an entry or a peer retries the upgrade (handling takes no time against  *)
(* those intervals); conntrack's unreplied entries expire only outside a   *)
(* punching attempt (30 s against a 10 s attempt) and before a peer        *)
(* retries the upgrade (retry interval longer than that timeout).          *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences

CONSTANTS
    NAT_A, NAT_B,   \* "Easy", "Hard" or "Static"
    CONNTRACK,      \* the NATs behave like Linux conntrack
    LOW_TTL,        \* openers carry a low TTL
    OPENERS,        \* sockets the Hard side opens for the birthday strategy (256)
    BDP_MAX,        \* probes the Easy side sends per attempt (BDP_MAX_PACKETS, 1000)
    PUNCH_TRIES,    \* punch timer rounds per attempt
    MAX_LOSS,       \* packets the network may lose in one run
    MSGS,           \* application messages A sends to B
    START           \* "boot": from scratch; "classified": both NAT checks done

NatTypes == {"Easy", "Hard", "Static"}
ASSUME NAT_A \in NatTypes /\ NAT_B \in NatTypes
ASSUME CONNTRACK \in BOOLEAN /\ LOW_TTL \in BOOLEAN
ASSUME OPENERS \in Nat \ {0} /\ BDP_MAX \in Nat \ {0} /\ PUNCH_TRIES \in Nat \ {0}
ASSUME MAX_LOSS \in Nat /\ MSGS \in Nat /\ START \in {"boot", "classified"}

Peers == {"A", "B"}
Introducers == {"I1", "I2"}
Other(p) == IF p = "A" THEN "B" ELSE "A"
NatOf(p) == IF p = "A" THEN NAT_A ELSE NAT_B

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
Ports == 1..PORTS
Ep(h, port) == [host |-> h, port |-> port]
NoEp == Ep("none", 0)
Endpoints == [host : Peers \cup Introducers, port : Ports] \cup {NoEp}
Min(S) == CHOOSE x \in S : \A y \in S : x <= y
Max(S) == CHOOSE x \in S : \A y \in S : x >= y

Entries == [pub : Ports, rem : Endpoints, loc : Sockets \cup {NoSock}, replied : BOOLEAN]
Packets == [kind : {"PONG", "TEST", "INTRO", "PING"}, from : Endpoints,
            sock : Sockets, obs : 0..PORTS, ep : Endpoints, nat : NatTypes \cup {"unknown"}]
Paths == [sock : Sockets, ep : Endpoints]

VARIABLES
    natTab,     \* each peer's NAT table (empty for Static)
    inbox,      \* packets that reached a peer's socket, not yet handled
    pong,       \* public port each introducer reported to each peer (0: none yet)
    testSeen,   \* a peer got a test message on its test port
    cls,        \* each peer's NAT classification
    introReq,   \* what I1 knows of each peer that asked for an introduction
    phase,      \* "idle", "requested", "punching", "direct" or "relayed"
    peerInfo,   \* what the introduction told a peer about the other
    strat,      \* punching strategy of the current attempt
    openerSent, \* the peer sent its opener(s) in this attempt
    opened,     \* birthday: opener sockets the Hard side has used
    tries,      \* punch timer rounds used in this attempt
    probes,     \* birthday: probes the Easy side sent in this attempt
    confirmed,  \* paths (local socket, remote endpoint) a pong came back on
    pingBacks,  \* pings a peer sent back on unconfirmed paths since the last introduction
    mode,       \* how application data goes: "none", "relay" or "direct"
    directPath, \* the confirmed path direct data uses
    lost,       \* packets lost so far
    sent,       \* application messages A has sent
    dataNet,    \* application data in flight from A to B
    rcvNext,    \* next message number B delivers
    rcvBuf,     \* messages B holds that arrived early
    delivered,  \* what B delivered to its application, in order
    viaRelay    \* ghost: some message went through the relay

natVars == <<natTab, inbox, pong, testSeen, cls, introReq>>
punchVars == <<phase, peerInfo, strat, openerSent, opened, tries, probes, confirmed, pingBacks,
               mode, directPath>>
dataVars == <<sent, dataNet, rcvNext, rcvBuf, delivered, viaRelay>>
vars == <<natVars, punchVars, lost, dataVars>>

-----------------------------------------------------------------------------
(* NAT translation. Out gives the public port a packet from socket s to    *)
(* dst leaves with and the table after (port 0: the NAT has no free port   *)
(* for it and drops it); In gives the socket an inbound packet reaches     *)
(* (NoSock: dropped) and the table after.                                  *)
\* Ports held by a mapping. A port that only an unreplied inbound entry
\* holds can still be given to a mapping toward another address.
Used(t) == {e.pub : e \in {x \in t : x.loc # NoSock}}

Out(p, t, s, dst) ==
    LET mine == {e \in t : e.loc = s /\ e.rem = dst}
        same == {e \in t : e.loc = s}
        want == IF same # {} THEN (CHOOSE e \in same : TRUE).pub ELSE PortOf(s)
        taken(x) == \E e \in t : e.pub = x /\ e.rem = dst
        free(lo) == {x \in lo..PORTS : x \notin Used(t) /\ ~taken(x)}
        fresh(lo) == IF free(lo) = {} THEN 0 ELSE Min(free(lo))
        port == IF NatOf(p) = "Easy"
                  THEN IF taken(want) THEN fresh(OPENERS + 3) ELSE want
                  ELSE fresh(1)
    IN  IF NatOf(p) = "Static" THEN [port |-> PortOf(s), tab |-> t]
        ELSE IF mine # {} THEN [port |-> (CHOOSE e \in mine : TRUE).pub, tab |-> t]
        ELSE IF port = 0 THEN [port |-> 0, tab |-> t]
        ELSE [port |-> port,
              tab |-> t \cup {[pub |-> port, rem |-> dst, loc |-> s, replied |-> FALSE]}]

In(q, t, src, port) ==
    LET match == {e \in t : e.pub = port /\ e.rem = src /\ e.loc # NoSock}
        e == CHOOSE x \in match : TRUE
        static == {s \in Sockets : PortOf(s) = port}
    IN  IF src.port = 0 \/ port = 0 THEN [sock |-> NoSock, tab |-> t]
        ELSE IF NatOf(q) = "Static"
          THEN [sock |-> IF static # {} THEN CHOOSE s \in static : TRUE ELSE NoSock, tab |-> t]
        ELSE IF match # {}
          THEN [sock |-> e.loc, tab |-> (t \ {e}) \cup {[e EXCEPT !.replied = TRUE]}]
        ELSE IF CONNTRACK /\ ~\E x \in t : x.pub = port /\ x.rem = src
          THEN [sock |-> NoSock,
                tab |-> t \cup {[pub |-> port, rem |-> src, loc |-> NoSock, replied |-> FALSE]}]
        ELSE [sock |-> NoSock, tab |-> t]

Pkt(kind, from, sock) ==
    [kind |-> kind, from |-> from, sock |-> sock, obs |-> 0, ep |-> NoEp, nat |-> "unknown"]

\* Peer p sends kind from socket s to the other peer's endpoint dst, with
\* a normal TTL: it crosses p's NAT, then the other peer's NAT, and lands
\* in its inbox if that NAT lets it in. It may be lost on the way.
SendToPeer(p, s, dst, kind) ==
    LET q == Other(p)
        o == Out(p, natTab[p], s, dst)
        i == In(q, natTab[q], Ep(p, o.port), dst.port)
    IN  \/ /\ natTab' = [natTab EXCEPT ![p] = o.tab, ![q] = i.tab]
           /\ inbox' = IF i.sock = NoSock THEN inbox
                       ELSE [inbox EXCEPT ![q] = @ \cup {Pkt(kind, Ep(p, o.port), i.sock)}]
           /\ UNCHANGED lost
        \/ /\ lost < MAX_LOSS
           /\ natTab' = [natTab EXCEPT ![p] = o.tab]
           /\ lost' = lost + 1
           /\ UNCHANGED inbox

\* An opener: with a low TTL it only opens p's own NAT.
SendOpenerPacket(p, s, dst) ==
    IF LOW_TTL
      THEN /\ natTab' = [natTab EXCEPT ![p] = Out(p, natTab[p], s, dst).tab]
           /\ UNCHANGED <<inbox, lost>>
      ELSE SendToPeer(p, s, dst, "PING")

-----------------------------------------------------------------------------
(* Guards the implementation checks; the mutants override them.            *)
\* ClassifyNat waits for both introducers' pongs (or the test message).
ClassifyReady(p) == testSeen[p] \/ \A i \in Introducers : pong[p][i] # 0
\* Two introducers saw different public ports.
PortsDiffer(p) ==
    \E i, j \in Introducers : pong[p][i] # 0 /\ pong[p][j] # 0 /\ pong[p][i] # pong[p][j]
\* Direct data only on a path a pong came back on.
DirectPathOk(p) == confirmed[p] # {}
\* Where a direct path may go: only a confirmed one.
UpgradeCandidates(p) == confirmed[p]
\* The socket a confirmed path starts from: the one the pong came in on.
ConfirmedSock(m) == m.sock
\* The number B expects next when data packet m arrives.
ExpectedNext(m) == rcvNext

Strategy(mine, theirs) ==
    IF mine = "Static" \/ theirs = "Static" \/ (mine = "Easy" /\ theirs = "Easy") THEN "direct"
    ELSE IF mine = "Easy" /\ theirs = "Hard" THEN "probe"
    ELSE IF mine = "Hard" /\ theirs = "Easy" THEN "open"
    ELSE "relay"

Punching(p) == phase[p] = "punching" /\ strat[p] # "relay"
\* Timing assumption: the first punch ping follows the other side's opener
\* whenever the other side is punching too.
PeerReady(p) == openerSent[Other(p)] \/ phase[Other(p)] # "punching"
Unreplied(p) == {e \in natTab[p] : ~e.replied}
\* Timing assumptions: a packet that reached p is handled before p's next
\* punch round, and the other peer's introduction before it too (the skew
\* between the two introductions is shorter than a round); every packet is
\* handled before conntrack expires an entry or a peer retries the upgrade.
Handled(p) == inbox[p] = {} /\ ~\E m \in inbox[Other(p)] : m.kind = "INTRO"
AllHandled == \A p \in Peers : inbox[p] = {}

-----------------------------------------------------------------------------
(* After the NAT check, as the boot phase leaves it (the test messages'    *)
(* unreplied entries long expired): a mapping from the main port to each  *)
(* introducer, the right classification, and I1 knowing both peers.       *)
CheckedPort(p, i) == IF NatOf(p) = "Hard" /\ i = "I2" THEN 2 ELSE 1
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
              /\ introReq = [p \in Peers |-> [ep |-> NoEp, nat |-> "unknown"]]
         ELSE /\ natTab = [p \in Peers |-> CheckedTable(p)]
              /\ pong = [p \in Peers |-> [i \in Introducers |-> CheckedPort(p, i)]]
              /\ testSeen = [p \in Peers |-> NatOf(p) = "Static"]
              /\ cls = [p \in Peers |-> NatOf(p)]
              /\ introReq = [p \in Peers |-> [ep |-> Ep(p, 1), nat |-> NatOf(p)]]
    /\ inbox = [p \in Peers |-> {}]
    /\ phase = [p \in Peers |-> "idle"]
    /\ peerInfo = [p \in Peers |-> [ep |-> NoEp, nat |-> "unknown"]]
    /\ strat = [p \in Peers |-> "none"]
    /\ openerSent = [p \in Peers |-> FALSE]
    /\ opened = [p \in Peers |-> 0]
    /\ tries = [p \in Peers |-> 0]
    /\ probes = [p \in Peers |-> 0]
    /\ confirmed = [p \in Peers |-> {}]
    /\ pingBacks = [p \in Peers |-> 0]
    /\ mode = [p \in Peers |-> "none"]
    /\ directPath = [p \in Peers |-> [sock |-> Main, ep |-> NoEp]]
    /\ lost = 0
    /\ sent = 0
    /\ dataNet = {}
    /\ rcvNext = 1
    /\ rcvBuf = {}
    /\ delivered = <<>>
    /\ viaRelay = FALSE

(* ---- NAT check ---- *)
\* p pings introducer i from its main port (again, while no pong came). The
\* introducer answers at once with a pong that reports p's public port and
\* with a test message from its other port to p's test port.
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
              /\ UNCHANGED lost
           \/ /\ lost < MAX_LOSS
              /\ natTab' = [natTab EXCEPT ![p] = o.tab]
              /\ lost' = lost + 1
              /\ UNCHANGED inbox
    /\ UNCHANGED <<pong, testSeen, cls, introReq, punchVars, dataVars>>

ReceivePong(p) ==
    \E m \in inbox[p] :
        /\ m.kind = "PONG" /\ m.from.host \in Introducers
        /\ inbox' = [inbox EXCEPT ![p] = @ \ {m}]
        /\ pong' = [pong EXCEPT ![p][m.from.host] = m.obs]
        /\ UNCHANGED <<natTab, testSeen, cls, introReq, punchVars, lost, dataVars>>

ReceiveTest(p) ==
    \E m \in inbox[p] :
        /\ m.kind = "TEST"
        /\ inbox' = [inbox EXCEPT ![p] = @ \ {m}]
        /\ testSeen' = [testSeen EXCEPT ![p] = (m.sock = Test) \/ @]
        /\ UNCHANGED <<natTab, pong, cls, introReq, punchVars, lost, dataVars>>

ClassifyNat(p) ==
    /\ cls[p] = "unknown" /\ ClassifyReady(p)
    /\ cls' = [cls EXCEPT ![p] =
                 IF testSeen[p] THEN "Static"
                 ELSE IF PortsDiffer(p) THEN "Hard" ELSE "Easy"]
    /\ UNCHANGED <<natTab, inbox, pong, testSeen, introReq, punchVars, lost, dataVars>>

(* ---- introduction ---- *)
\* p asks I1 to introduce it to the other peer (again while no introduction
\* came; and, after settling on the relay, again to retry the upgrade once
\* conntrack's unreplied entries are gone). When I1 knows both peers it
\* sends each an INTRO with the other's public endpoint and NAT type.
RequestIntro(p) ==
    LET q == Other(p)
        o == Out(p, natTab[p], Main, Ep("I1", 1))
        req == [introReq EXCEPT ![p] = [ep |-> Ep(p, o.port), nat |-> cls[p]]]
        intro(x, y, t) ==
            LET r == In(x, t, Ep("I1", 1), req[x].ep.port)
            IN  [sock |-> r.sock, tab |-> r.tab,
                 pkt |-> [Pkt("INTRO", Ep("I1", 1), r.sock) EXCEPT
                             !.ep = req[y].ep, !.nat = req[y].nat]]
        toP == intro(p, q, o.tab)
        toQ == intro(q, p, natTab[q])
        both == req[q].nat # "unknown"
        add(x, r) == IF both /\ r.sock # NoSock THEN {r.pkt} ELSE {}
    IN
    /\ cls[p] # "unknown"
    /\ \/ phase[p] \in {"idle", "requested"}
       \/ phase[p] = "relayed" /\ strat[p] # "relay" /\ phase[q] # "punching"
          /\ Unreplied("A") = {} /\ Unreplied("B") = {} /\ AllHandled
    /\ ~\E m \in inbox[p] : m.kind = "INTRO"
    /\ phase' = [phase EXCEPT ![p] = IF @ = "idle" THEN "requested" ELSE @]
    /\ \E lose \in SUBSET {"request", "toP", "toQ"} :
         /\ lost + Cardinality(lose) <= MAX_LOSS
         /\ lost' = lost + Cardinality(lose)
         /\ IF "request" \in lose
              THEN /\ natTab' = [natTab EXCEPT ![p] = o.tab]
                   /\ UNCHANGED <<inbox, introReq>>
              ELSE /\ introReq' = req
                   /\ natTab' = [natTab EXCEPT ![p] = IF both THEN toP.tab ELSE o.tab,
                                               ![q] = IF both THEN toQ.tab ELSE natTab[q]]
                   /\ inbox' = [inbox EXCEPT
                                  ![p] = @ \cup (IF "toP" \in lose THEN {} ELSE add(p, toP)),
                                  ![q] = @ \cup (IF "toQ" \in lose THEN {} ELSE add(q, toQ))]
    /\ UNCHANGED <<pong, testSeen, cls, peerInfo, strat, openerSent, opened, tries,
                   probes, confirmed, pingBacks, mode, directPath, dataVars>>

\* An introduction starts a connect attempt (or restarts one after a
\* settle on the relay); the strategy follows from the two NAT types.
ReceiveIntro(p) ==
    \E m \in inbox[p] :
        /\ m.kind = "INTRO"
        /\ inbox' = [inbox EXCEPT ![p] = @ \ {m}]
        /\ IF phase[p] \in {"idle", "requested", "relayed"}
             THEN /\ phase' = [phase EXCEPT ![p] = "punching"]
                  /\ peerInfo' = [peerInfo EXCEPT ![p] = [ep |-> m.ep, nat |-> m.nat]]
                  /\ strat' = [strat EXCEPT ![p] = Strategy(cls[p], m.nat)]
                  /\ openerSent' = [openerSent EXCEPT ![p] = FALSE]
                  /\ opened' = [opened EXCEPT ![p] = 0]
                  /\ tries' = [tries EXCEPT ![p] = 0]
                  /\ probes' = [probes EXCEPT ![p] = 0]
             ELSE UNCHANGED <<phase, peerInfo, strat, openerSent, opened, tries, probes>>
        /\ pingBacks' = [pingBacks EXCEPT ![p] = 0]
        /\ UNCHANGED <<natTab, pong, testSeen, cls, introReq, confirmed, mode,
                       directPath, lost, dataVars>>

(* ---- relay and punching ---- *)
\* Relay first: application data goes through I1 at once; a Hard/Hard
\* pair stays there.
RelayStart(p) ==
    /\ phase[p] = "punching" /\ (mode[p] = "none" \/ strat[p] = "relay")
    /\ mode' = [mode EXCEPT ![p] = "relay"]
    /\ phase' = [phase EXCEPT ![p] = IF strat[p] = "relay" THEN "relayed" ELSE @]
    /\ UNCHANGED <<natVars, peerInfo, strat, openerSent, opened, tries, probes, confirmed,
                   pingBacks, directPath, lost, dataVars>>

\* Direct strategy: one opener from the main port to the other's endpoint.
SendOpener(p) ==
    /\ Punching(p) /\ strat[p] = "direct" /\ ~openerSent[p]
    /\ SendOpenerPacket(p, Main, peerInfo[p].ep)
    /\ openerSent' = [openerSent EXCEPT ![p] = TRUE]
    /\ UNCHANGED <<pong, testSeen, cls, introReq, phase, peerInfo, strat, opened, tries,
                   probes, confirmed, pingBacks, mode, directPath, dataVars>>

\* Birthday strategy, Hard side: one opener from each of OPENERS new sockets.
OpenPort(p) ==
    /\ Punching(p) /\ strat[p] = "open" /\ opened[p] < OPENERS
    /\ SendOpenerPacket(p, Opener(opened[p] + 1), peerInfo[p].ep)
    /\ opened' = [opened EXCEPT ![p] = @ + 1]
    /\ openerSent' = [openerSent EXCEPT ![p] = (opened[p] + 1 = OPENERS)]
    /\ UNCHANGED <<pong, testSeen, cls, introReq, phase, peerInfo, strat, tries, probes,
                   confirmed, pingBacks, mode, directPath, dataVars>>

\* Birthday strategy, Easy side: a probe to a random port of the Hard
\* peer's address, at most BDP_MAX per attempt.
SendProbe(p, port) ==
    /\ Punching(p) /\ strat[p] = "probe" /\ probes[p] < BDP_MAX
    /\ PeerReady(p) /\ confirmed[p] = {}
    /\ SendToPeer(p, Main, Ep(Other(p), port), "PING")
    /\ probes' = [probes EXCEPT ![p] = @ + 1]
    /\ openerSent' = [openerSent EXCEPT ![p] = TRUE]
    /\ UNCHANGED <<pong, testSeen, cls, introReq, phase, peerInfo, strat, opened, tries,
                   confirmed, pingBacks, mode, directPath, dataVars>>

\* The punch timer: one round of the attempt; the direct strategy sends a
\* normal ping to the other's endpoint in each.
PunchTimer(p) ==
    /\ Punching(p) /\ tries[p] < PUNCH_TRIES /\ confirmed[p] = {}
    /\ strat[p] \in {"direct", "open"} => openerSent[p]
    /\ PeerReady(p) /\ Handled(p)
    /\ tries' = [tries EXCEPT ![p] = @ + 1]
    /\ IF strat[p] = "direct"
         THEN SendToPeer(p, Main, peerInfo[p].ep, "PING")
         ELSE UNCHANGED <<natTab, inbox, lost>>
    /\ UNCHANGED <<pong, testSeen, cls, introReq, phase, peerInfo, strat, openerSent, opened,
                   probes, confirmed, pingBacks, mode, directPath, dataVars>>

\* A punch from the other peer (a PING packet here, the implementation's
\* PUNCH): answer with a pong from the socket it came in on and, while the
\* path is not confirmed, ping back so that this side can confirm it too: on
\* every such ping, at most PUNCH_TRIES times per introduction.
ReceivePunch(p) ==
    \E m \in inbox[p] :
        /\ m.kind = "PING"
        /\ LET q == Other(p)
               path == [sock |-> m.sock, ep |-> m.from]
               again == path \notin confirmed[p] /\ pingBacks[p] < PUNCH_TRIES
               o == Out(p, natTab[p], m.sock, m.from)
               i == In(q, natTab[q], Ep(p, o.port), m.from.port)
               back == {Pkt("PONG", Ep(p, o.port), i.sock)}
                       \cup (IF again THEN {Pkt("PING", Ep(p, o.port), i.sock)} ELSE {})
           IN  /\ pingBacks' = [pingBacks EXCEPT ![p] = IF again THEN @ + 1 ELSE @]
               /\ \/ /\ natTab' = [natTab EXCEPT ![p] = o.tab, ![q] = i.tab]
                     /\ inbox' = [inbox EXCEPT ![p] = @ \ {m},
                                    ![q] = IF i.sock = NoSock THEN @ ELSE @ \cup back]
                     /\ UNCHANGED lost
                  \/ /\ lost < MAX_LOSS
                     /\ natTab' = [natTab EXCEPT ![p] = o.tab]
                     /\ inbox' = [inbox EXCEPT ![p] = @ \ {m}]
                     /\ lost' = lost + 1
        /\ UNCHANGED <<pong, testSeen, cls, introReq, phase, peerInfo, strat, openerSent,
                       opened, tries, probes, confirmed, mode, directPath, dataVars>>

\* A pong from the other peer: the path it came back on is confirmed.
PathConfirmed(p) ==
    \E m \in inbox[p] :
        /\ m.kind = "PONG" /\ m.from.host = Other(p)
        /\ inbox' = [inbox EXCEPT ![p] = @ \ {m}]
        /\ confirmed' = [confirmed EXCEPT ![p] = @ \cup {[sock |-> ConfirmedSock(m), ep |-> m.from]}]
        /\ UNCHANGED <<natTab, pong, testSeen, cls, introReq, phase, peerInfo, strat,
                       openerSent, opened, tries, probes, pingBacks, mode, directPath, lost, dataVars>>

\* Punching worked: data moves to the direct path, silently.
UpgradeToDirect(p) ==
    /\ phase[p] \in {"punching", "relayed"} /\ strat[p] # "relay"
    /\ DirectPathOk(p)
    /\ \E path \in UpgradeCandidates(p) : directPath' = [directPath EXCEPT ![p] = path]
    /\ phase' = [phase EXCEPT ![p] = "direct"]
    /\ mode' = [mode EXCEPT ![p] = "direct"]
    /\ UNCHANGED <<natVars, peerInfo, strat, openerSent, opened, tries, probes, confirmed,
                   pingBacks, lost, dataVars>>

\* The attempt is over without a path: stay on (or fall back to) the relay.
GiveUpPunch(p) ==
    /\ Punching(p) /\ confirmed[p] = {} /\ Handled(p)
    /\ tries[p] = PUNCH_TRIES
    /\ strat[p] = "probe" => probes[p] = BDP_MAX
    /\ phase' = [phase EXCEPT ![p] = "relayed"]
    /\ mode' = [mode EXCEPT ![p] = "relay"]
    /\ UNCHANGED <<natVars, peerInfo, strat, openerSent, opened, tries, probes, confirmed,
                   pingBacks, directPath, lost, dataVars>>

\* Environment: conntrack drops an entry that never saw a reply (30 s),
\* never while its peer is punching.
ExpireEntry(p) ==
    /\ phase[p] # "punching" /\ phase[Other(p)] # "punching" /\ AllHandled
    /\ \E e \in Unreplied(p) : natTab' = [natTab EXCEPT ![p] = @ \ {e}]
    /\ UNCHANGED <<inbox, pong, testSeen, cls, introReq, punchVars, lost, dataVars>>

(* ---- application data, A to B ---- *)
DataPackets == [seq : 1..MSGS, path : {"relay", "direct"}]

SendData ==
    /\ sent < MSGS /\ mode["A"] # "none"
    /\ sent' = sent + 1
    /\ dataNet' = dataNet \cup {[seq |-> sent + 1, path |-> mode["A"]]}
    /\ viaRelay' = (viaRelay \/ mode["A"] = "relay")
    /\ UNCHANGED <<natVars, punchVars, lost, rcvNext, rcvBuf, delivered>>

\* A sends an unacknowledged message again on its current path (the
\* retransmission timer; after a switch this is how data left on the relay
\* is covered).
ResendData(n) ==
    /\ n \in 1..sent /\ n >= rcvNext /\ mode["A"] # "none"
    /\ [seq |-> n, path |-> mode["A"]] \notin dataNet
    /\ dataNet' = dataNet \cup {[seq |-> n, path |-> mode["A"]]}
    /\ UNCHANGED <<natVars, punchVars, lost, sent, rcvNext, rcvBuf, delivered, viaRelay>>

\* B takes data packet m: the next expected one is delivered with any that
\* waited behind it, a later one waits, an earlier one is a duplicate.
ReceiveData(m) ==
    /\ m \in dataNet
    /\ dataNet' = dataNet \ {m}
    /\ LET next == ExpectedNext(m)
           have == rcvBuf \cup {m.seq}
           run == {k \in next..MSGS : \A j \in next..k : j \in have}
           upto == IF run = {} THEN next - 1 ELSE Max(run)
       IN  IF m.seq < next \/ m.seq \in rcvBuf
             THEN UNCHANGED <<rcvNext, rcvBuf, delivered>>
           ELSE IF m.seq = next
             THEN /\ delivered' = delivered \o [k \in 1..(upto - next + 1) |-> next + k - 1]
                  /\ rcvNext' = upto + 1
                  /\ rcvBuf' = {k \in have : k > upto}
             ELSE /\ rcvBuf' = have
                  /\ UNCHANGED <<rcvNext, delivered>>
    /\ UNCHANGED <<natVars, punchVars, lost, sent, viaRelay>>

LoseData ==
    \E m \in dataNet :
        /\ lost < MAX_LOSS
        /\ dataNet' = dataNet \ {m}
        /\ lost' = lost + 1
        /\ UNCHANGED <<natVars, punchVars, sent, rcvNext, rcvBuf, delivered, viaRelay>>

-----------------------------------------------------------------------------
PeerStep(p) ==
    \/ \E i \in Introducers : SendPing(p, i)
    \/ ReceivePong(p) \/ ReceiveTest(p) \/ ClassifyNat(p)
    \/ RequestIntro(p) \/ ReceiveIntro(p) \/ RelayStart(p)
    \/ SendOpener(p) \/ OpenPort(p) \/ \E port \in Ports : SendProbe(p, port)
    \/ PunchTimer(p) \/ ReceivePunch(p) \/ PathConfirmed(p)
    \/ UpgradeToDirect(p) \/ GiveUpPunch(p)

\* Both peers are connected (directly or through the relay) and the data
\* is through: the system may rest here.
Settled ==
    /\ \A p \in Peers : phase[p] \in {"direct", "relayed"}
    /\ UNCHANGED vars

Next ==
    \/ \E p \in Peers : PeerStep(p) \/ ExpireEntry(p)
    \/ SendData \/ LoseData \/ \E m \in DataPackets : ReceiveData(m)
    \/ \E n \in 1..MSGS : ResendData(n)
    \/ Settled

(***************************************************************************)
(* Fairness: each peer keeps taking steps while it has one to take (weak   *)
(* fairness on all of a peer's steps together: its timers fire, and none  *)
(* of its own steps loops forever, as every counter is bounded), a peer    *)
(* reads pings, pongs and introductions that wait for it (weak fairness    *)
(* each), conntrack's expiry happens, and data moves: sending, the       *)
(* retransmission of each message and the receipt of each data packet are *)
(* weakly fair each (fairness on them together lets A resend, and B take, *)
(* one message forever and never the other). Loss is not fair; it is bounded by MAX_LOSS. Which probe port *)
(* the Easy side picks is not fair either: the birthday strategy may miss *)
(* every time.                                                             *)
(***************************************************************************)
Fairness ==
    /\ \A p \in Peers :
         /\ WF_vars(PeerStep(p)) /\ WF_vars(ExpireEntry(p))
         /\ WF_vars(ReceivePunch(p)) /\ WF_vars(PathConfirmed(p)) /\ WF_vars(ReceiveIntro(p))
    /\ WF_vars(SendData)
    /\ \A n \in 1..MSGS : WF_vars(ResendData(n))
    /\ \A m \in DataPackets : WF_vars(ReceiveData(m))

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
TypeOK ==
    /\ natTab \in [Peers -> SUBSET Entries]
    /\ inbox \in [Peers -> SUBSET Packets]
    /\ pong \in [Peers -> [Introducers -> 0..PORTS]]
    /\ testSeen \in [Peers -> BOOLEAN]
    /\ cls \in [Peers -> NatTypes \cup {"unknown"}]
    /\ introReq \in [Peers -> [ep : Endpoints, nat : NatTypes \cup {"unknown"}]]
    /\ phase \in [Peers -> {"idle", "requested", "punching", "direct", "relayed"}]
    /\ peerInfo \in [Peers -> [ep : Endpoints, nat : NatTypes \cup {"unknown"}]]
    /\ strat \in [Peers -> {"none", "direct", "probe", "open", "relay"}]
    /\ openerSent \in [Peers -> BOOLEAN]
    /\ opened \in [Peers -> 0..OPENERS]
    /\ tries \in [Peers -> 0..PUNCH_TRIES]
    /\ probes \in [Peers -> 0..BDP_MAX]
    /\ confirmed \in [Peers -> SUBSET Paths]
    /\ pingBacks \in [Peers -> 0..PUNCH_TRIES]
    /\ mode \in [Peers -> {"none", "relay", "direct"}]
    /\ directPath \in [Peers -> Paths]
    /\ lost \in 0..MAX_LOSS
    /\ sent \in 0..MSGS
    /\ dataNet \subseteq DataPackets
    /\ rcvNext \in 1..MSGS + 1
    /\ rcvBuf \subseteq 1..MSGS
    /\ delivered \in Seq(1..MSGS)
    /\ viaRelay \in BOOLEAN

\* Safety: no Static behind a NAT that filters (Easy and Hard both filter).
NoFalseStatic == \A p \in Peers : cls[p] = "Static" => NatOf(p) = "Static"

\* Safety: no Easy behind an endpoint-dependent mapping once both pongs are in.
NoFalseEasy ==
    \A p \in Peers :
        (cls[p] = "Easy" /\ \A i \in Introducers : pong[p][i] # 0) => NatOf(p) # "Hard"

\* Safety: a peer sends application data directly only over a path it has
\* confirmed with a pong.
DirectOnlyConfirmed == \A p \in Peers : mode[p] = "direct" => directPath[p] \in confirmed[p]

\* Safety: the path direct data uses really crosses both NATs: a packet
\* from its socket to its endpoint leaves p's NAT and reaches a socket of
\* the other peer. (DirectOnlyConfirmed says a pong came back on the path;
\* this says the path recorded is the one the pong came back on.)
PathWorks ==
    \A p \in Peers :
        mode[p] = "direct" =>
            LET o == Out(p, natTab[p], directPath[p].sock, directPath[p].ep)
            IN  /\ o.port # 0
                /\ In(Other(p), natTab[Other(p)], Ep(p, o.port), directPath[p].ep.port).sock # NoSock

\* Safety: probes per attempt never exceed the budget.
ProbesWithinBudget == \A p \in Peers : probes[p] <= BDP_MAX

\* Safety: across the relay -> direct switch, B delivers every message
\* exactly once and in order.
ExactlyOnceInOrder == delivered = [k \in 1..Len(delivered) |-> k]

\* Liveness: both peers end on a direct path (Easy/Easy, any pair with Static).
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
=============================================================================
