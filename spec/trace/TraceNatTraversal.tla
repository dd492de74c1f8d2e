------------------------ MODULE TraceNatTraversal --------------------------
(***************************************************************************)
(* Trace validation for NatTraversal after the NAT check: one connecting   *)
(* pair, both peers and the introducer, replayed as ONE behaviour of the   *)
(* model (file order is causal order). The peer that asks first is A.      *)
(*                                                                         *)
(* Log holds the pair's events mapped to records                           *)
(* (org.ptpmesh.conformance.trace.ConnectMapping): a is the model action, *)
(* p the peer, x a number (the attempt id the introducer gave, the punch   *)
(* round, the model socket a path was confirmed on), s a string (the       *)
(* strategy; for RequestIntro what I1 did: "intro", "error", "none"), and  *)
(* t FALSE when the event breaks a timing assumption (the mapping checks   *)
(* them on the events' order and timestamps).                              *)
(*                                                                         *)
(* From the first such event on, the timing assumptions TA_* no longer     *)
(* constrain the model (broken): a trace that matches only so is reported  *)
(* as "timing assumption broken", not as a core bug. The invariant         *)
(* TraceMatched is violated only by a complete match with every assumption *)
(* kept. TA_HandledInTime is the model's own and is never dropped: the     *)
(* model cannot tell a late packet from a lost one, and a packet let in    *)
(* late could be dropped as stray later, which would excuse any PUNCH_ACK  *)
(* the implementation failed to send.                                      *)
(***************************************************************************)
EXTENDS NatTraversal, TLC

CONSTANT Log

VARIABLES i, ids, broken

traceVars == <<vars, i, ids, broken>>

ASSUME TLCSet(1, 0) /\ TLCSet(2, 0)

E == Log[i + 1]
P == E.p

\* The timing assumptions, unless the trace broke one already.
TraceTA_OpenersFirst(p) == broken' \/ openerSent[Other(p)] \/ phase[Other(p)] # "punching"
TraceTA_RoundsInStep(p) ==
    broken' \/ ((Punching(Other(p)) /\ strat[Other(p)] \in {"direct", "lan"})
                   => tries[p] + Lag(p) <= tries[Other(p)] + Lag(Other(p)))
TraceTA_OpenerOutlastsProbes(p) ==
    broken' \/ strat[p] # "open" \/ phase[Other(p)] # "punching" \/ probes[Other(p)] = BDP_MAX
TraceTA_RetryAfterExpiry(p) ==
    broken' \/ (phase[Other(p)] # "punching" /\ AllHandled /\ Unreplied("A") = {} /\ Unreplied("B") = {})
TraceTA_ConnectWhenRegistered(p) ==
    broken' \/ (cls[p] # "unknown" /\ reg[p].ep # NoEp /\ reg[Other(p)].ep # NoEp)

\* RequestIntro and what I1 logged for it: an INTRO under attempt id E.x
\* (the model's id is asked'), an INTRO_ERROR, or nothing (the request was lost).
Served ==
    CASE E.s = "intro" -> ids' = [k \in DOMAIN ids \cup {E.x} |-> IF k = E.x THEN asked' ELSE ids[k]]
      [] E.s = "error" -> UNCHANGED ids
      [] E.s = "none"  -> inbox' = inbox /\ lost' > lost /\ UNCHANGED ids

\* The INTRO taken is the one I1 sent under the logged id, with the logged strategy.
IntroTaken ==
    /\ E.x \in DOMAIN ids
    /\ att'[P] = ids[E.x] /\ att[P] # ids[E.x]
    /\ strat'[P] = E.s

Matches ==
    CASE E.a = "RequestIntro"    -> RequestIntro(P) /\ Served
      [] E.a = "ReceiveIntro"    -> ReceiveIntro(P) /\ IntroTaken /\ UNCHANGED ids
      [] E.a = "GiveUpIntro"     -> GiveUpIntro(P) /\ UNCHANGED ids
      [] E.a = "SendOpener"      -> SendOpener(P) /\ UNCHANGED ids
      [] E.a = "OpenPort"        -> OpenPort(P) /\ UNCHANGED ids
      [] E.a = "SendProbe"       -> (\E port \in Ports : SendProbe(P, port)) /\ UNCHANGED ids
      [] E.a = "PunchTimer"      -> PunchTimer(P) /\ tries'[P] = E.x /\ UNCHANGED ids
      \* the PUNCH is answered and the path it came in on (socket E.x) confirmed
      [] E.a = "ReceivePunch"    -> /\ ReceivePunch(P) /\ UNCHANGED ids
                                    /\ \E path \in confirmed'[P] \ confirmed[P] : path.sock = E.x
      [] E.a = "PathConfirmed"   -> /\ PathConfirmed(P) /\ UNCHANGED ids
                                    /\ \E path \in confirmed'[P] \ confirmed[P] : path.sock = E.x
      [] E.a = "UpgradeToDirect" -> UpgradeToDirect(P) /\ UNCHANGED ids
      [] E.a = "GiveUpPunch"     -> GiveUpPunch(P) /\ UNCHANGED ids
      [] E.a = "FallbackToRelay" -> FallbackToRelay(P) /\ UNCHANGED ids
      \* the core starts the relay at the first message or at the INTRO: a check, no step
      [] E.a = "RelayStart"      -> mode[P] # "direct" /\ UNCHANGED <<vars, ids>>

\* What the peers do without logging it: answer a late PUNCH again, drop a
\* stray packet or a duplicate INTRO, conntrack's expiry, and A's data
\* (one message stands for the data A has unacknowledged).
Silent ==
    \/ \E p \in Peers :
         \/ AnswerOnPath(p) \/ DropStray(p) \/ ExpireEntry(p)
         \/ ReceiveIntro(p) /\ UNCHANGED <<attemptVars, mode>>
    \/ SendData

TraceInit == Init /\ i = 0 /\ ids = <<>> /\ broken = FALSE

TraceNext ==
    /\ i < Len(Log)
    /\ \/ /\ broken' = (broken \/ ~E.t)
          /\ Matches
          /\ i' = i + 1
       \/ Silent /\ UNCHANGED <<i, ids, broken>>

\* Violated when every event is matched with every assumption kept: TLC's
\* counterexample is the witness.
TraceMatched == ~(i = Len(Log) /\ ~broken)

\* A state constraint that only records the longest prefixes matched: with
\* the assumptions kept (register 1) and with one broken (register 2).
TraceProgress ==
    IF ~broken
      THEN IF i > TLCGet(1) THEN TLCSet(1, i) /\ PrintT(<<"TRACE_INDEX", i>>) ELSE TRUE
      ELSE IF i > TLCGet(2) THEN TLCSet(2, i) /\ PrintT(<<"TRACE_RELAXED", i>>) ELSE TRUE
=============================================================================
