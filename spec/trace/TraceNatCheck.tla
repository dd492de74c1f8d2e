--------------------------- MODULE TraceNatCheck ---------------------------
(***************************************************************************)
(* Trace validation for the NAT check of NatTraversal, from one peer's     *)
(* log: the peer is A, its introducers I1 (introducer A) and I2.           *)
(*                                                                         *)
(* Log holds the node's NAT-check events up to its classification, mapped  *)
(* to records (org.ptpmesh.conformance.trace.NatCheckMapping): a is the    *)
(* model action, n the introducer, o the public port the pong reported,    *)
(* numbered by first appearance (the model's ports are abstract), c the    *)
(* classification. Pongs are compared by which reported ports are equal,   *)
(* the only thing the classification depends on. B takes no step: its log  *)
(* is validated on its own. Loss is part of SendPing.                      *)
(***************************************************************************)
EXTENDS NatTraversal, TLC

CONSTANT Log

VARIABLES i, obsOf

traceVars == <<vars, i, obsOf>>

ASSUME TLCSet(1, 0)

E == Log[i + 1]

ClassName == [Static |-> "STATIC", Easy |-> "EASY", Hard |-> "HARD"]

\* The pong from introducer n reported port o: equal to an earlier pong's
\* port exactly when the logged ports are equal.
PongMatches(n, o) ==
    /\ pong'["A"][n] # 0
    /\ \A j \in Introducers \ {n} :
         obsOf[j] # 0 => ((pong'["A"][n] = pong["A"][j]) <=> (o = obsOf[j]))

Matches ==
    CASE E.a = "SendPing"    -> SendPing("A", E.n) /\ UNCHANGED obsOf
      [] E.a = "ReceivePong" -> /\ ReceivePong("A")
                                /\ pong'["A"][E.n] # pong["A"][E.n]
                                /\ PongMatches(E.n, E.o)
                                /\ obsOf' = [obsOf EXCEPT ![E.n] = E.o]
      [] E.a = "ReceiveTest" -> ReceiveTest("A") /\ testSeen'["A"] /\ UNCHANGED obsOf
      [] E.a = "ClassifyNat" -> ClassifyNat("A") /\ ClassName[cls'["A"]] = E.c /\ UNCHANGED obsOf

TraceInit == Init /\ i = 0 /\ obsOf = [n \in Introducers |-> 0]

TraceNext == i < Len(Log) /\ Matches /\ i' = i + 1

\* Violated when every event is matched: TLC's counterexample is the witness.
TraceMatched == i < Len(Log)

\* A state constraint that only records the longest prefix matched.
TraceProgress == IF i > TLCGet(1) THEN TLCSet(1, i) /\ PrintT(<<"TRACE_INDEX", i>>) ELSE TRUE
=============================================================================
