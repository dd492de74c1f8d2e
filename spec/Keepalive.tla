------------------------------ MODULE Keepalive ------------------------------
(***************************************************************************)
(* Peer liveness of the introducer design (docs/glossary.md) as one node   *)
(* sees it.                                                                *)
(*                                                                         *)
(* The node pings every peer it still tracks each KEEPALIVE ticks, retries *)
(* an unanswered ping every RETRY ticks, at most RETRIES times a round     *)
(* (each keepalive starts a new round), and classifies each peer by the    *)
(* time since its last pong, with strict comparisons:                      *)
(*   silence > 5 x keepAlive    -> Forgotten (never for an introducer)     *)
(*   silence > 3 x keepAlive    -> Missing                                 *)
(*   silence > 1.5 x keepAlive  -> Inactive                                *)
(*   otherwise                  -> Active                                  *)
(*                                                                         *)
(* Time is discrete. A round trip is shorter than one tick, so time does   *)
(* not advance while a ping is still in the network: it is answered or     *)
(* lost first. Timers that are due fire before time advances (Tick is      *)
(* disabled while one is due), as in the discrete-event simulator.         *)
(***************************************************************************)
EXTENDS Naturals

CONSTANTS
    Peers,        \* every peer the node tracks, introducers included
    Introducers,  \* the introducers among them: they are never forgotten
    KEEPALIVE,    \* keepalive period, in ticks
    RETRY,        \* an unanswered ping is sent again after this many ticks
    RETRIES,      \* ... at most this many times between two keepalives
    MAX_LOSS      \* an answering peer loses at most this many pings in a row

ASSUME Introducers \subseteq Peers
ASSUME KEEPALIVE \in Nat \ {0} /\ RETRY \in Nat \ {0} /\ RETRIES \in Nat /\ MAX_LOSS \in Nat

States == {"Active", "Inactive", "Missing", "Forgotten"}

\* Silence stops growing one tick after the Forgotten threshold: larger values
\* classify the same, so capping keeps the state space finite without loss.
CAP == 5 * KEEPALIVE + 1

VARIABLES
    silence,        \* ticks since the last pong of each peer (capped at CAP)
    state,          \* the state the node reports for each peer
    answering,      \* whether each peer answers pings (fixed by the environment)
    nextKeepAlive,  \* ticks until the keepalive timer fires
    awaiting,       \* a ping was sent to the peer and no pong came back yet
    inFlight,       \* the last ping to the peer is still in the network
    retryIn,        \* ticks until an unanswered ping is retried
    retries,        \* retries sent to the peer since the last keepalive
    lost            \* pings to the peer lost in a row

vars == <<silence, state, answering, nextKeepAlive, awaiting, inFlight, retryIn, retries, lost>>

(***************************************************************************)
(* The implementation's classification: a table of thresholds checked     *)
(* from the largest down, each as a strict "more than factor x keepAlive"  *)
(* with the factor given as numerator/2 so 1.5 stays exact.                *)
(***************************************************************************)
Thresholds == <<[half |-> 10, to |-> "Forgotten"],
                [half |-> 6,  to |-> "Missing"],
                [half |-> 3,  to |-> "Inactive"]>>

Beyond(s, half) == 2 * s > half * KEEPALIVE

ImplState(p, s) ==
    LET applies(i) == Beyond(s, Thresholds[i].half)
                      /\ ~(Thresholds[i].to = "Forgotten" /\ p \in Introducers)
    IN  IF applies(1) THEN Thresholds[1].to
        ELSE IF applies(2) THEN Thresholds[2].to
        ELSE IF applies(3) THEN Thresholds[3].to
        ELSE "Active"

Tracked(p) == state[p] # "Forgotten"

\* Retries a keepalive round starts with: none spent, the whole budget left.
RetriesAtKeepAlive(p) == 0

-----------------------------------------------------------------------------
Init ==
    /\ silence = [p \in Peers |-> 0]
    /\ state = [p \in Peers |-> "Active"]
    /\ answering \in [Peers -> BOOLEAN]
    /\ nextKeepAlive = KEEPALIVE
    /\ awaiting = [p \in Peers |-> FALSE]
    /\ inFlight = [p \in Peers |-> FALSE]
    /\ retryIn = [p \in Peers |-> 0]
    /\ retries = [p \in Peers |-> 0]
    /\ lost = [p \in Peers |-> 0]

\* The keepalive timer: one ping to every tracked peer.
KeepAliveTick ==
    /\ nextKeepAlive = 0
    /\ nextKeepAlive' = KEEPALIVE
    /\ awaiting' = [p \in Peers |-> IF Tracked(p) THEN TRUE ELSE awaiting[p]]
    /\ inFlight' = [p \in Peers |-> IF Tracked(p) THEN TRUE ELSE inFlight[p]]
    /\ retryIn' = [p \in Peers |-> IF Tracked(p) THEN RETRY ELSE retryIn[p]]
    /\ retries' = [p \in Peers |-> IF Tracked(p) THEN RetriesAtKeepAlive(p) ELSE retries[p]]
    /\ UNCHANGED <<silence, state, answering, lost>>

\* The retry timer of one peer: its ping went unanswered for RETRY ticks and
\* the round's retry budget is not spent. (With the budget spent the timer
\* fires and does nothing: the peer waits for the next keepalive.)
RetryKeepalive(p) ==
    /\ Tracked(p)
    /\ awaiting[p] /\ ~inFlight[p] /\ retryIn[p] = 0 /\ retries[p] < RETRIES
    /\ inFlight' = [inFlight EXCEPT ![p] = TRUE]
    /\ retryIn' = [retryIn EXCEPT ![p] = RETRY]
    /\ retries' = [retries EXCEPT ![p] = @ + 1]
    /\ UNCHANGED <<silence, state, answering, nextKeepAlive, awaiting, lost>>

\* The answer to a keepalive (an introducer answers its keepalive ping with a
\* pong): the peer is heard from, so its silence restarts.
ReceiveKeepaliveAck(p) ==
    /\ inFlight[p] /\ answering[p]
    /\ silence' = [silence EXCEPT ![p] = 0]
    /\ state' = [state EXCEPT ![p] = ImplState(p, 0)]
    /\ awaiting' = [awaiting EXCEPT ![p] = FALSE]
    /\ inFlight' = [inFlight EXCEPT ![p] = FALSE]
    /\ lost' = [lost EXCEPT ![p] = 0]
    /\ UNCHANGED <<answering, nextKeepAlive, retryIn, retries>>

\* Environment: the ping or its pong is lost. A silent peer loses every
\* ping; an answering one at most MAX_LOSS in a row.
PingLost(p) ==
    /\ inFlight[p]
    /\ ~answering[p] \/ lost[p] < MAX_LOSS
    /\ inFlight' = [inFlight EXCEPT ![p] = FALSE]
    /\ lost' = [lost EXCEPT ![p] = IF lost[p] < MAX_LOSS THEN lost[p] + 1 ELSE lost[p]]
    /\ UNCHANGED <<silence, state, answering, nextKeepAlive, awaiting, retryIn, retries>>

RetryDue(p) == Tracked(p) /\ awaiting[p] /\ retryIn[p] = 0 /\ retries[p] < RETRIES

\* Time advances by one tick; the node re-evaluates every peer.
Tick ==
    /\ nextKeepAlive > 0
    /\ \A p \in Peers : ~inFlight[p] /\ ~RetryDue(p)
    /\ silence' = [p \in Peers |-> IF silence[p] < CAP THEN silence[p] + 1 ELSE CAP]
    /\ state' = [p \in Peers |-> ImplState(p, silence'[p])]
    /\ nextKeepAlive' = nextKeepAlive - 1
    /\ retryIn' = [p \in Peers |-> IF awaiting[p] /\ retryIn[p] > 0
                                   THEN retryIn[p] - 1 ELSE retryIn[p]]
    /\ UNCHANGED <<answering, awaiting, inFlight, retries, lost>>

Next ==
    \/ KeepAliveTick
    \/ Tick
    \/ \E p \in Peers : RetryKeepalive(p) \/ ReceiveKeepaliveAck(p) \/ PingLost(p)

(***************************************************************************)
(* Fairness: time advances and timers fire (weak fairness); an answering   *)
(* peer's pong is eventually received and a silent peer's ping eventually  *)
(* counts as lost (weak fairness: each stays enabled until it happens).    *)
(***************************************************************************)
Fairness ==
    /\ WF_vars(Tick)
    /\ WF_vars(KeepAliveTick)
    /\ \A p \in Peers : WF_vars(RetryKeepalive(p)) /\ WF_vars(ReceiveKeepaliveAck(p))
    /\ \A p \in Peers : WF_vars(~answering[p] /\ PingLost(p))

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
TypeOK ==
    /\ silence \in [Peers -> 0..CAP]
    /\ state \in [Peers -> States]
    /\ answering \in [Peers -> BOOLEAN]
    /\ nextKeepAlive \in 0..KEEPALIVE
    /\ awaiting \in [Peers -> BOOLEAN]
    /\ inFlight \in [Peers -> BOOLEAN]
    /\ retryIn \in [Peers -> 0..RETRY]
    /\ retries \in [Peers -> 0..RETRIES]
    /\ lost \in [Peers -> 0..MAX_LOSS]

\* The introducer design's rules (docs/glossary.md), written as it writes them.
SeedState(p, s) ==
    IF s > 5 * KEEPALIVE /\ p \notin Introducers THEN "Forgotten"
    ELSE IF s > 3 * KEEPALIVE THEN "Missing"
    ELSE IF 2 * s > 3 * KEEPALIVE THEN "Inactive"
    ELSE "Active"

\* Safety: the reported state is always the introducer design's function of the silence.
StateMatchesSilence == \A p \in Peers : state[p] = SeedState(p, silence[p])

\* Safety: an introducer is never forgotten.
IntroducersNeverForgotten == \A p \in Introducers : state[p] # "Forgotten"

\* Safety: a forgotten peer stays forgotten (it is no longer pinged).
ForgottenIsFinal == [][\A p \in Peers : state[p] = "Forgotten" => state'[p] = "Forgotten"]_vars

\* Liveness: a peer that never answers is eventually forgotten.
SilentPeerForgotten ==
    \A p \in Peers \ Introducers : ~answering[p] => <>(state[p] = "Forgotten")

\* Liveness: a peer that keeps answering, losing at most MAX_LOSS pings in a
\* row, never leaves Active (holds when MAX_LOSS <= RETRIES and
\* MAX_LOSS x RETRY <= KEEPALIVE / 2: the retries of one round reach an answer
\* before the silence passes 1.5 x keepAlive).
AnsweringPeerStaysActive ==
    \A p \in Peers : answering[p] => [](state[p] = "Active")

\* Reachability goal, negated: TLC must find a peer that gets forgotten.
NoPeerForgotten == \A p \in Peers : state[p] # "Forgotten"
=============================================================================
