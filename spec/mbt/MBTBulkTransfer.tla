-------------------------- MODULE MBTBulkTransfer --------------------------
(* BulkTransfer restricted to the choices the core makes itself, as a     *)
(* state graph for the model-based tests of a sending and a receiving     *)
(* TransferEndpoint (conformance:                                         *)
(* org.ptpmesh.conformance.mbt.BulkTransferModelBasedTest).               *)
(*                                                                         *)
(* BulkTransfer leaves open what the receiver decides: which missing block *)
(* to ask for, when a block counts as lost, how far the window goes. The  *)
(* core decides them (docs/transfer.md), so a test cannot make it take    *)
(* the other branches; here they are guards:                              *)
(*  - the window is fixed (the core's controller configured with          *)
(*    min = initial = max = WINDOW) and congestion never signalled;       *)
(*  - the receiver asks for the lowest missing block first;               *)
(*  - loss is found by the request timer only, and only when nothing of    *)
(*    that block is in flight (the network is faster than the RTO): with  *)
(*    a window of one block no later request can overtake a lost one, so  *)
(*    DetectLoss never fires;                                              *)
(*  - the receiver gives up after PROBES probes in a row with nothing      *)
(*    arriving; RETRIES is the core's 64 re-requests of one block, which   *)
(*    the few losses here never reach;                                     *)
(*  - at most MAX_LOSS datagrams are lost in a run, and only REQUEST,      *)
(*    BLOCK and DONE (a lost OFFER is offered again by the core's sender, *)
(*    a step the model does not have); no duplicates (DUPS = 0);          *)
(*  - the sender's idle clock runs only once the receiver has finished    *)
(*    and no DONE is on its way (before that the receiver's requests keep *)
(*    the sender busy within its idle timeout).                            *)
EXTENDS BulkTransfer

CONSTANT MAX_LOSS   \* datagrams the network may lose in one run

VARIABLE
    lost            \* datagrams lost so far

\* The object of the tests: three blocks of distinct contents.
ThreeBlocks == <<"a", "b", "c">>

mbtVars == <<vars, lost>>

MBTInit == Init /\ lost = 0

InFlight(i) ==
    \/ [type |-> "REQUEST", block |-> i] \in net
    \/ \E m \in net : m.type = "BLOCK" /\ m.block = i

\* Steps of BulkTransfer taken as they are (the loss count stays): each
\* has a name of its own, since TLC labels a transition by its operator.
ReceiveOfferStep == ReceiveOffer /\ UNCHANGED lost
ReceiveBlockStep(i) == ReceiveBlock(i) /\ UNCHANGED lost
CompleteStep == Complete /\ UNCHANGED lost
ServeBlockStep == ServeBlock /\ UNCHANGED lost
ReceiveDoneStep == ReceiveDone /\ UNCHANGED lost
ForgetTransferStep == ForgetTransfer /\ UNCHANGED lost
FinishedStep == Finished /\ UNCHANGED lost

\* The core asks for the lowest block it lacks and has not asked for.
RequestLowest(i) ==
    /\ RequestBlock(i) /\ UNCHANGED lost
    /\ \A j \in Blocks : j < i => have[j] # NoBlock \/ j \in requested

\* The core's request timer fires an RTO after the request; the network here is faster than that.
\* A probe, or giving up after PROBES of them with nothing arriving (a block arriving, a duplicate
\* of an earlier one too, starts the count again).
TimeoutWhenLost(i) ==
    /\ RequestTimeout(i) /\ ~InFlight(i)
    /\ UNCHANGED lost

\* Before the receiver finishes, its requests keep the sender from idling out.
SenderIdleAtEnd ==
    /\ rcvState \in {"complete", "gaveup"}
    /\ [type |-> "DONE"] \notin net
    /\ SenderIdleTick /\ UNCHANGED lost

\* A REQUEST, BLOCK or DONE is lost, while the loss budget lasts.
LoseBounded(m) == lost < MAX_LOSS /\ m.type # "OFFER" /\ Lose(m) /\ lost' = lost + 1

MBTNext ==
    \/ FinishedStep \/ ReceiveOfferStep \/ CompleteStep \/ ServeBlockStep \/ ReceiveDoneStep
    \/ SenderIdleAtEnd \/ ForgetTransferStep
    \/ \E i \in Blocks : RequestLowest(i) \/ ReceiveBlockStep(i) \/ TimeoutWhenLost(i)
    \/ \E m \in Messages : LoseBounded(m)
=============================================================================
