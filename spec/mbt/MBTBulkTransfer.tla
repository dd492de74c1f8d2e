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
(*  - the receiver gives up where both rules agree: the core after RETRIES *)
(*    probes in a row with nothing arriving, the model after RETRIES       *)
(*    re-requests of one block (probes counts the core's; see             *)
(*    TimeoutWhenLost);                                                    *)
(*  - at most MAX_LOSS datagrams are lost in a run, and only REQUEST,      *)
(*    BLOCK and DONE (a lost OFFER is offered again by the core's sender, *)
(*    a step the model does not have); no duplicates (DUPS = 0);          *)
(*  - the sender's idle clock runs only once the receiver has finished    *)
(*    and no DONE is on its way (before that the receiver's requests keep *)
(*    the sender busy within its idle timeout).                            *)
EXTENDS BulkTransfer

CONSTANT MAX_LOSS   \* datagrams the network may lose in one run

VARIABLES
    lost,           \* datagrams lost so far
    probes          \* request timeouts in a row since a block last arrived

\* The object of the tests: three blocks of distinct contents.
ThreeBlocks == <<"a", "b", "c">>

mbtVars == <<vars, lost, probes>>

MBTInit == Init /\ lost = 0 /\ probes = 0

InFlight(i) ==
    \/ [type |-> "REQUEST", block |-> i] \in net
    \/ \E m \in net : m.type = "BLOCK" /\ m.block = i

\* Steps of BulkTransfer taken as they are (the loss count stays): each
\* has a name of its own, since TLC labels a transition by its operator.
ReceiveOfferStep == ReceiveOffer /\ UNCHANGED <<lost, probes>>
\* Any block arriving, a duplicate too, shows the path alive: the core's probe count starts again.
ReceiveBlockStep(i) == ReceiveBlock(i) /\ probes' = 0 /\ UNCHANGED lost
CompleteStep == Complete /\ UNCHANGED <<lost, probes>>
ServeBlockStep == ServeBlock /\ UNCHANGED <<lost, probes>>
ReceiveDoneStep == ReceiveDone /\ UNCHANGED <<lost, probes>>
ForgetTransferStep == ForgetTransfer /\ UNCHANGED <<lost, probes>>
FinishedStep == Finished /\ UNCHANGED <<lost, probes>>

\* The core asks for the lowest block it lacks and has not asked for.
RequestLowest(i) ==
    /\ RequestBlock(i) /\ UNCHANGED <<lost, probes>>
    /\ \A j \in Blocks : j < i => have[j] # NoBlock \/ j \in requested

\* The core's request timer fires an RTO after the request; the network here is faster than that.
\* The core gives up after RETRIES probes in a row with nothing arriving (and after 64 losses of
\* one block), the model after RETRIES re-requests of one block: the two agree while no block
\* arrived since the block's first probe. Where one did (a duplicate of an earlier block), the
\* core probes again and the model gives up; those histories end here (docs/trace-validation.md).
TimeoutWhenLost(i) ==
    /\ RequestTimeout(i) /\ ~InFlight(i)
    /\ probes = retries[i]
    /\ probes' = probes + 1 /\ UNCHANGED lost

\* Before the receiver finishes, its requests keep the sender from idling out.
SenderIdleAtEnd ==
    /\ rcvState \in {"complete", "gaveup"}
    /\ [type |-> "DONE"] \notin net
    /\ SenderIdleTick /\ UNCHANGED <<lost, probes>>

\* A REQUEST, BLOCK or DONE is lost, while the loss budget lasts.
LoseBounded(m) == lost < MAX_LOSS /\ m.type # "OFFER" /\ Lose(m) /\ lost' = lost + 1 /\ UNCHANGED probes

MBTNext ==
    \/ FinishedStep \/ ReceiveOfferStep \/ CompleteStep \/ ServeBlockStep \/ ReceiveDoneStep
    \/ SenderIdleAtEnd \/ ForgetTransferStep
    \/ \E i \in Blocks : RequestLowest(i) \/ ReceiveBlockStep(i) \/ TimeoutWhenLost(i)
    \/ \E m \in Messages : LoseBounded(m)
=============================================================================
