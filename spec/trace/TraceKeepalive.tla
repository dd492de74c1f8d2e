--------------------------- MODULE TraceKeepalive ---------------------------
(***************************************************************************)
(* Trace validation for Keepalive: does the model have a behaviour that    *)
(* produces the events one node logged?                                   *)
(*                                                                         *)
(* Log is the node's trace, already mapped to records (org.ptpmesh.        *)
(* conformance.trace.KeepaliveMapping): a is the model action, p the peer, *)
(* s a peer state the node reported, t the tick the event happened in.     *)
(* Each logged event is one step of the model action of the same name;     *)
(* what the node does not log is interleaved as silent steps: time passing *)
(* (Tick, up to the next event's tick) and loss (PingLost). The variable i *)
(* counts the events matched; TraceMatched is violated exactly when the   *)
(* whole log is matched, and TLCSet(1) keeps the longest prefix matched.   *)
(***************************************************************************)
EXTENDS Keepalive, Sequences, TLC

CONSTANT Log

VARIABLES i, clock

traceVars == <<vars, i, clock>>

ASSUME TLCSet(1, 0)

E == Log[i + 1]

\* An answer the model has no ping for (the NAT check's pings are not part of
\* Keepalive): accepted when it changes nothing the model tracks.
AnswerOutsideModel(p) == ~inFlight[p] /\ silence[p] = 0 /\ state[p] = "Active" /\ UNCHANGED vars

Matches ==
    CASE E.a = "KeepAliveTick"       -> KeepAliveTick
      [] E.a = "RetryKeepalive"      -> RetryKeepalive(E.p)
      [] E.a = "ReceiveKeepaliveAck" -> ReceiveKeepaliveAck(E.p) \/ AnswerOutsideModel(E.p)
      [] E.a = "State"               -> state[E.p] = E.s /\ UNCHANGED vars

LoggedStep ==
    /\ i < Len(Log) /\ E.t = clock
    /\ Matches
    /\ i' = i + 1 /\ UNCHANGED clock

SilentTick ==
    /\ i < Len(Log) /\ clock < E.t
    /\ Tick
    /\ clock' = clock + 1 /\ UNCHANGED i

SilentLoss ==
    /\ i < Len(Log)
    /\ \E p \in Peers : PingLost(p)
    /\ UNCHANGED <<i, clock>>

TraceInit == Init /\ i = 0 /\ clock = 0

TraceNext == LoggedStep \/ SilentTick \/ SilentLoss

\* Violated when every event is matched: TLC's counterexample is the witness.
TraceMatched == i < Len(Log)

\* A state constraint that only records the longest prefix matched.
TraceProgress == IF i > TLCGet(1) THEN TLCSet(1, i) /\ PrintT(<<"TRACE_INDEX", i>>) ELSE TRUE
=============================================================================
