------------------------- MODULE TraceBulkTransfer -------------------------
(***************************************************************************)
(* Trace validation for BulkTransfer: one transfer, its sender and its    *)
(* receiver replayed as ONE behaviour, the events of both ends in the      *)
(* order of the trace file (which is causal: each end logs a step before  *)
(* the datagram it sends).                                                 *)
(*                                                                         *)
(* Log is the transfer's events mapped to records (org.ptpmesh.conformance *)
(* .trace.TransferMapping): a the model action, b the block (1..BLOCKS, 0  *)
(* for none), dup whether the datagram the step receives stays in the      *)
(* network as a duplicate (the model's net is a set: two copies of one     *)
(* REQUEST or BLOCK are one element and a duplicate), obs whether the end  *)
(* that took the step wrote the trace (then its logged state is checked), *)
(* st, have, req, win the state it logged (-1: not logged), retry the     *)
(* re-requests of b it logged, new whether it took the block as new, gave *)
(* whether it gave up. Each record is one step of the model action of the *)
(* same name. The environment's steps: Lose records (msg the datagram's    *)
(* type), placed by the mapping right after the last sending of a        *)
(* datagram nothing receives any more, so the set holds only what will    *)
(* still be received; and a silent Congest before each ShrinkWindow.      *)
(***************************************************************************)
EXTENDS BulkTransfer, Integers, TLC

CONSTANT Log

VARIABLE i

traceVars == <<vars, i>>

ASSUME TLCSet(1, 0)

E == Log[i + 1]

RcvName == [waiting |-> "WAITING", receiving |-> "RECEIVING", complete |-> "COMPLETE", gaveup |-> "GAVE_UP"]

\* The receive took the branch the record names: the datagram consumed, or left as a duplicate.
ConsumedAs(dup) == IF dup THEN dups' = dups - 1 ELSE dups' = dups

\* A re-request (retry the count the end logged) or the end giving up on block b, asked for
\* RETRIES times (a dead path's give-up names no block: GiveUp).
AskedAgainAs(b) ==
    IF E.gave THEN rcvState' = "gaveup" /\ retries[b] = RETRIES
    ELSE rcvState' = "receiving" /\ retries'[b] = E.retry

\* ServeBlock answering the REQUEST for block b (the model's ServeBlock takes any REQUEST).
ServesBlock(b) ==
    LET req == [type |-> "REQUEST", block |-> b]
        blk == [type |-> "BLOCK", block |-> b, data |-> Object[b]]
    IN /\ req \in net
       /\ ServeBlock
       /\ net' = (IF E.dup THEN net ELSE net \ {req}) \cup {blk}
       /\ ConsumedAs(E.dup)

\* The datagram a Lose record names.
Lost ==
    CASE E.msg = "REQUEST" -> [type |-> "REQUEST", block |-> E.b]
      [] E.msg = "BLOCK"   -> [type |-> "BLOCK", block |-> E.b, data |-> Object[E.b]]
      [] E.msg = "DONE"    -> [type |-> "DONE"]
      [] E.msg = "OFFER"   -> [type |-> "OFFER", blocks |-> BLOCKS]

Step ==
    CASE E.a = "ReceiveOffer"   -> ReceiveOffer /\ ConsumedAs(E.dup)
      [] E.a = "RequestBlock"   -> RequestBlock(E.b)
      [] E.a = "ReceiveBlock"   -> ReceiveBlock(E.b) /\ ConsumedAs(E.dup) /\ (E.obs => IsNewBlock(E.b) = E.new)
      [] E.a = "DetectLoss"     -> DetectLoss(E.b) /\ AskedAgainAs(E.b)
      [] E.a = "RequestTimeout" -> RequestTimeout(E.b) /\ AskedAgainAs(E.b)
      \* gave up on something that is not one block: a dead path, PROBES probe timeouts in a
      \* row with nothing arriving (a hash list given up on is not modelled, and rejected)
      [] E.a = "GiveUp"         -> \E b \in requested : RequestTimeout(b) /\ probes = PROBES
      [] E.a = "ShrinkWindow"   -> ShrinkWindow
      [] E.a = "Complete"       -> Complete
      [] E.a = "ServeBlock"     -> ServesBlock(E.b)
      [] E.a = "ReceiveDone"    -> ReceiveDone /\ ConsumedAs(E.dup)
      [] E.a = "SenderIdleTick" -> SenderIdleTick
      [] E.a = "ForgetTransfer" -> ForgetTransfer
      [] E.a = "Lose"           -> Lose(Lost)

\* The state the end logged, where the model has it.
ReceiverStateMatches ==
    /\ E.st = "" \/ RcvName[rcvState'] = E.st
    /\ E.have < 0 \/ Cardinality({b \in Blocks : have'[b] # NoBlock}) = E.have
    /\ E.req < 0 \/ Cardinality(requested') = E.req
    \* the window the end works with never exceeds the model's, which only congestion lowers
    /\ E.win < 0 \/ E.win <= win'

\* The sender: forgotten exactly when the model's is; serving once the model's serves (the
\* end also serves on a request for hash lists only, which the model does not have).
SenderStateMatches ==
    /\ E.st = "" \/ ((sndState' = "forgotten") <=> (E.st = "FORGOTTEN"))
    /\ E.st = "" \/ (sndState' = "serving" => E.st = "SERVING")

StateMatches ==
    \/ ~E.obs
    \/ E.a \in {"ServeBlock", "ReceiveDone", "SenderIdleTick", "ForgetTransfer"} /\ SenderStateMatches
    \/ E.a \notin {"ServeBlock", "ReceiveDone", "SenderIdleTick", "ForgetTransfer"} /\ ReceiverStateMatches

LoggedStep ==
    /\ i < Len(Log)
    /\ Step
    /\ StateMatches
    /\ i' = i + 1

\* The path signals congestion just before the end hears of it: the environment's step.
SilentCongest ==
    /\ i < Len(Log) /\ E.a = "ShrinkWindow" /\ ~congested
    /\ Congest
    /\ UNCHANGED i

TraceInit == Init /\ i = 0

TraceNext == LoggedStep \/ SilentCongest

\* Violated when every event is matched: TLC's counterexample is the witness.
TraceMatched == i < Len(Log)

\* A state constraint that only records the longest prefix matched.
TraceProgress == IF i > TLCGet(1) THEN TLCSet(1, i) /\ PrintT(<<"TRACE_INDEX", i>>) ELSE TRUE
=============================================================================
