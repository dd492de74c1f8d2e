------------------------ MODULE TraceNatTraversal --------------------------
(***************************************************************************)
(* Trace validation for NatTraversal after the NAT check: one connecting   *)
(* pair, both peers and the introducer, replayed as ONE behaviour of the   *)
(* model (file order is causal order). The peer that asks first is A.      *)
(*                                                                         *)
(* Log holds the pair's events mapped to records                           *)
(* (org.ptpmesh.conformance.trace.ConnectMapping): a is the model action, *)
(* p the peer, x a number (the attempt id the introducer gave, the punch   *)
(* round, the model socket a path was confirmed on or a probe may reach),  *)
(* s a string (the strategy; for RequestIntro what I1 did: "intro",        *)
(* "error", "none"), and                                                   *)
(* t FALSE when the event breaks a timing assumption (the mapping checks   *)
(* them on the events' order and timestamps).                              *)
(*                                                                         *)
(* Application data from A to B is replayed when the trace has it          *)
(* (DataLogged): A's sends and resends with their path, and every message  *)
(* B delivers, which must be the next one: shown counts the deliveries B   *)
(* logged, and before any other event it must equal the model's, so a     *)
(* message delivered twice, skipped or out of order is not matched.        *)
(* RunEnd[x] is the last message B delivered in the step that delivered x *)
(* when there were several (the later ones released from its buffer): only *)
(* those may arrive early, silently, while B waits for x.                  *)
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

CONSTANT Log, DataLogged, RunEnd

VARIABLES i, ids, broken, shown

traceVars == <<vars, i, ids, broken, shown>>

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

\* Where a birthday probe (SendProbe) goes: it misses, or it reaches the
\* opener on whose socket the Hard side confirms the path in this attempt
\* (E.x, found by the mapping; 0: the Hard side confirms none). The model
\* lets a probe go to any of the Hard peer's ports; in the trace every miss
\* goes to a port no mapping of the Hard side holds, so ProbeMiss, a port
\* its NAT hands out last, stands for all of them. Without it each missed
\* probe would branch into every port (OPENERS + 6, 262 with 256 openers)
\* and the missed ports seen so far would be part of the state: TLC stalls
\* at the third probe. A subset of the model's choices, so a match is one of
\* the model's behaviours; TLC still decides which probe reached the opener.
ProbeMiss == PORTS - 1
\* (E.x bound once: TLC would index Log again for every entry of the table.)
ProbePorts ==
    LET reached == E.x
    IN  {ProbeMiss} \cup {e.pub : e \in {y \in natTab[Other(P)] : reached # NoSock /\ y.loc = reached}}

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

\* A resends message n while a copy of it on the same path is still in the
\* model's network: the set holds the two copies as one (a second copy to
\* arrive would be a duplicate, which B drops).
CopyInFlight(n) ==
    n \in 1..sent /\ n > acked /\ [seq |-> n, path |-> mode["A"]] \in dataNet

Matches ==
    CASE E.a = "RequestIntro"    -> RequestIntro(P) /\ Served
      [] E.a = "ReceiveIntro"    -> ReceiveIntro(P) /\ IntroTaken /\ UNCHANGED ids
      [] E.a = "GiveUpIntro"     -> GiveUpIntro(P) /\ UNCHANGED ids
      [] E.a = "SendOpener"      -> SendOpener(P) /\ UNCHANGED ids
      [] E.a = "OpenPort"        -> OpenPort(P) /\ UNCHANGED ids
      [] E.a = "SendProbe"       -> (\E port \in ProbePorts : SendProbe(P, port)) /\ UNCHANGED ids
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
      \* A's message E.x on its link (E.s: "relay", "direct"); the first starts the relay
      [] E.a = "SendData"        -> SendData /\ sent' = E.x /\ mode'["A"] = E.s /\ UNCHANGED ids
      [] E.a = "ResendData"      -> /\ ResendData(E.x) \/ (CopyInFlight(E.x) /\ UNCHANGED vars)
                                    /\ mode["A"] = E.s /\ UNCHANGED ids
      \* B delivers message E.x: the packet that came (E.s its path) was the next one, or
      \* an earlier delivery of the same receipt released it from B's buffer
      [] E.a = "ReceiveData"     -> /\ E.x = shown + 1 /\ shown' = E.x /\ UNCHANGED ids
                                    /\ \/ E.x <= Len(delivered) /\ UNCHANGED vars
                                       \/ E.x = rcvNext /\ ReceiveData([seq |-> E.x, path |-> E.s])

\* What the peers do without logging it: answer a late PUNCH again, drop a
\* stray packet or a duplicate INTRO, conntrack's expiry; B taking early a
\* message it delivers from its buffer when the one it waits for comes:
\* right before that delivery, in increasing order, its relay copy when
\* there is one (the log does not say when or in which order they came or
\* on which path; every choice fills the buffer alike, and one keeps the
\* states few); and, in a trace without data,
\* A's data (one message stands for the data A has unacknowledged). Data
\* packets B drops (duplicates, off its path) and the ones the network
\* loses stay in the model's network instead: a copy that stays changes
\* nothing B may deliver, and dropping each one silently would multiply the
\* states by every subset of the copies in flight. A taking a
\* DATA_ACK (ReceiveAck) is not logged either, and left out: an
\* acknowledgement only forbids resends, so the model's A, never told of
\* one, allows every resend A's log can show.
Silent ==
    \/ \E p \in Peers :
         \/ AnswerOnPath(p) \/ DropStray(p) \/ ExpireEntry(p)
         \/ ReceiveIntro(p) /\ UNCHANGED <<attemptVars, mode>>
    \/ /\ E.a = "ReceiveData" /\ E.x = rcvNext /\ rcvNext \in DOMAIN RunEnd
       /\ ((rcvNext + 1)..RunEnd[rcvNext]) \ rcvBuf # {}
       /\ LET k == Min(((rcvNext + 1)..RunEnd[rcvNext]) \ rcvBuf)
          IN  ReceiveData(IF [seq |-> k, path |-> "relay"] \in dataNet THEN [seq |-> k, path |-> "relay"]
                          ELSE [seq |-> k, path |-> "direct"])
    \/ ~DataLogged /\ SendData

TraceInit == Init /\ i = 0 /\ ids = <<>> /\ broken = FALSE /\ shown = 0

TraceNext ==
    /\ i < Len(Log)
    /\ \/ /\ broken' = (broken \/ ~E.t)
          \* every delivery the model made was logged before the node's next other step
          /\ E.a = "ReceiveData" \/ (shown = Len(delivered) /\ shown' = shown)
          /\ Matches
          /\ i' = i + 1
       \/ Silent /\ UNCHANGED <<i, ids, broken, shown>>

\* Violated when every event is matched with every assumption kept: TLC's
\* counterexample is the witness.
TraceMatched == ~(i = Len(Log) /\ ~broken /\ shown = Len(delivered))

\* A state constraint that only records the longest prefixes matched: with
\* the assumptions kept (register 1) and with one broken (register 2).
TraceProgress ==
    IF ~broken
      THEN IF i > TLCGet(1) THEN TLCSet(1, i) /\ PrintT(<<"TRACE_INDEX", i>>) ELSE TRUE
      ELSE IF i > TLCGet(2) THEN TLCSet(2, i) /\ PrintT(<<"TRACE_RELAXED", i>>) ELSE TRUE
=============================================================================
