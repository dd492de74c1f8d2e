---------------------------- MODULE BulkTransfer ----------------------------
(***************************************************************************)
(* Receiver-driven bulk transfer of ptptest 2014 (docs/glossary.md), one   *)
(* object, one sender, one receiver.                                       *)
(*                                                                         *)
(* The sender offers an object of BLOCKS blocks in one datagram (OFFER).   *)
(* The receiver requests blocks (REQUEST), never more than its window at  *)
(* a time, accepts each block once, re-requests a block found lost (later  *)
(* requested blocks overtook it: DetectLoss) or whose request timer        *)
(* fired (RequestTimeout, a probe), and tells the sender when it is done  *)
(* (DONE). It gives up on a dead path, PROBES probe timeouts in a row     *)
(* with nothing arriving (whichever blocks the probes asked for again),   *)
(* and on a block re-requested RETRIES times (a path that loses that one  *)
(* block every time). The sender answers requests with blocks and forgets *)
(* the transfer on DONE or after IDLE ticks in which no request came.     *)
(*                                                                         *)
(* The window (win, at most WINDOW) shrinks only when the path signals     *)
(* congestion (a queue above its target delay while blocks still arrive   *)
(* at the recent rate, or loss above its steady share: the environment's  *)
(* Congest, at most CONGESTION times in a run), never for a loss alone:   *)
(* random loss costs the lost blocks, not the rate. How far a cut goes    *)
(* and how the window grows back (additively while a queue stands) are    *)
(* docs/transfer.md's; the model keeps one step per signal.               *)
(*                                                                         *)
(* The network loses, duplicates and reorders: it is a set of datagrams,   *)
(* a receive may leave its datagram behind (a duplicate, at most DUPS      *)
(* times in a run: a real network duplicates rarely, and an endless        *)
(* stream of duplicated requests would keep any sender busy) and any       *)
(* datagram may vanish. The block contents are the constant Object.        *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences

CONSTANTS
    Object,   \* the sender's object: a sequence of block contents
    WINDOW,   \* most blocks the receiver may have requested and not received
    RETRIES,  \* re-requests of one block before the receiver gives up
    PROBES,   \* probe timeouts in a row, nothing arriving, before the receiver gives up
    IDLE,     \* ticks without a request after which the sender forgets
    DUPS,     \* datagrams the network may duplicate in one run
    CONGESTION \* congestion signals the path may give in one run

BLOCKS == Len(Object)
Blocks == 1..BLOCKS
NoBlock == "none"

ASSUME BLOCKS > 0 /\ WINDOW \in Nat \ {0} /\ RETRIES \in Nat /\ PROBES \in Nat /\ IDLE \in Nat \ {0}
       /\ CONGESTION \in Nat

Messages ==
    [type : {"OFFER"}, blocks : {BLOCKS}]
    \cup [type : {"REQUEST"}, block : Blocks]
    \cup [type : {"BLOCK"}, block : Blocks, data : {Object[i] : i \in Blocks}]
    \cup [type : {"DONE"}]

VARIABLES
    net,         \* datagrams in the network
    sndState,    \* "offering", "serving" or "forgotten"
    sndIdle,     \* ticks since the sender last heard a request
    rcvState,    \* "waiting", "receiving", "complete" or "gaveup"
    have,        \* block contents the receiver has accepted, NoBlock if none
    requested,   \* blocks requested and not yet received
    retries,     \* re-requests made per block
    probes,      \* probe timeouts since a block last arrived
    accepted,    \* ghost: how many times each block was accepted
    dups,        \* duplications the network has left
    win,         \* the receiver's window, 1..WINDOW
    congested,   \* the path signals congestion the window has not heard of yet
    signals      \* ghost: congestion signals given so far

vars == <<net, sndState, sndIdle, rcvState, have, requested, retries, probes, accepted, dups,
          win, congested, signals>>
rate == <<win, congested, signals>>

-----------------------------------------------------------------------------
(* Guards the implementation checks; the mutants override these.          *)
WindowOpen == Cardinality(requested) < win
\* The window after a loss: unchanged, a loss is no congestion signal.
WindowAfterLoss(w) == w
IsNewBlock(i) == have[i] = NoBlock
\* TRUE: any datagram may be lost at any time. A simulation at a loss rate
\* replaces it with a random draw (MCBulkTransfer's SimulatedLoss).
LossPossible == TRUE
AllBlocksIn == \A i \in Blocks : have[i] # NoBlock

Init ==
    /\ net = {[type |-> "OFFER", blocks |-> BLOCKS]}
    /\ sndState = "offering"
    /\ sndIdle = 0
    /\ rcvState = "waiting"
    /\ have = [i \in Blocks |-> NoBlock]
    /\ requested = {}
    /\ retries = [i \in Blocks |-> 0]
    /\ probes = 0
    /\ accepted = [i \in Blocks |-> 0]
    /\ dups = DUPS
    /\ win = WINDOW
    /\ congested = FALSE
    /\ signals = 0

\* Receive a datagram; while the budget lasts it may stay behind as a duplicate.
Consume(m) ==
    \/ net' = net \ {m} /\ UNCHANGED dups
    \/ dups > 0 /\ net' = net /\ dups' = dups - 1

\* Send datagram out after receiving datagram in (which may be duplicated).
Reply(in, out) ==
    \/ net' = (net \ {in}) \cup {out} /\ UNCHANGED dups
    \/ dups > 0 /\ net' = net \cup {out} /\ dups' = dups - 1

(* ---- receiver ---- *)
ReceiveOffer ==
    /\ \E m \in net : m.type = "OFFER" /\ Consume(m)
    /\ rcvState = "waiting"
    /\ rcvState' = "receiving"
    /\ UNCHANGED <<sndState, sndIdle, have, requested, retries, probes, accepted>> /\ UNCHANGED rate

RequestBlock(i) ==
    /\ rcvState = "receiving"
    /\ have[i] = NoBlock /\ i \notin requested
    /\ WindowOpen
    /\ requested' = requested \cup {i}
    /\ net' = net \cup {[type |-> "REQUEST", block |-> i]}
    /\ UNCHANGED <<sndState, sndIdle, rcvState, have, retries, probes, accepted, dups, win, congested, signals>>

ReceiveBlock(i) ==
    \E m \in net :
        /\ m.type = "BLOCK" /\ m.block = i
        /\ Consume(m)
        /\ rcvState = "receiving"
        /\ IF IsNewBlock(i)
             THEN /\ have' = [have EXCEPT ![i] = m.data]
                  /\ accepted' = [accepted EXCEPT ![i] = @ + 1]
             ELSE UNCHANGED <<have, accepted>>
        /\ requested' = requested \ {i}
        \* any block arriving, a duplicate too, shows the path alive
        /\ probes' = 0
        /\ UNCHANGED <<sndState, sndIdle, rcvState, retries, win, congested, signals>>

\* Ask again for block i, found lost, or give up when it was asked for too often.
AskAgain(i) ==
    /\ IF retries[i] < RETRIES
         THEN /\ retries' = [retries EXCEPT ![i] = @ + 1]
              /\ net' = net \cup {[type |-> "REQUEST", block |-> i]}
              /\ UNCHANGED rcvState
         ELSE /\ rcvState' = "gaveup"
              /\ UNCHANGED <<retries, net>>
    /\ win' = WindowAfterLoss(win)
    /\ UNCHANGED <<sndState, sndIdle, have, requested, accepted, dups, congested, signals>>

\* Block i is outstanding and another block has arrived: i is lost. The
\* model neither orders requests nor keeps time, so "a block requested
\* after i arrived, by enough requests or long enough ago" is abstracted to
\* "another block arrived": it allows every loss the implementation finds.
\* A loss found this way is no probe: the path delivers.
DetectLoss(i) ==
    /\ rcvState = "receiving"
    /\ i \in requested
    /\ \E j \in Blocks \ {i} : have[j] # NoBlock
    /\ AskAgain(i)
    /\ UNCHANGED probes

\* The request timer of block i, nothing overtook it: a probe (ask again),
\* or give up when PROBES probes in a row had nothing arrive. The count is
\* of probes, not of i's: each probe asks for the oldest outstanding block,
\* which then becomes the newest, so on a dead path the probes rotate over
\* the blocks and no one block reaches RETRIES.
RequestTimeout(i) ==
    /\ rcvState = "receiving"
    /\ i \in requested
    /\ IF probes < PROBES
         THEN /\ probes' = probes + 1
              /\ AskAgain(i)
         ELSE /\ rcvState' = "gaveup"
              /\ UNCHANGED <<net, sndState, sndIdle, have, requested, retries, probes, accepted, dups>>
              /\ UNCHANGED rate

\* The path signalled congestion: the window shrinks, once per signal.
ShrinkWindow ==
    /\ rcvState = "receiving"
    /\ congested
    /\ win' = IF win > 1 THEN win - 1 ELSE 1
    /\ congested' = FALSE
    /\ UNCHANGED <<net, sndState, sndIdle, rcvState, have, requested, retries, probes, accepted, dups, signals>>

Complete ==
    /\ rcvState = "receiving"
    /\ AllBlocksIn
    /\ rcvState' = "complete"
    /\ net' = net \cup {[type |-> "DONE"]}
    /\ UNCHANGED <<sndState, sndIdle, have, requested, retries, probes, accepted, dups>> /\ UNCHANGED rate

(* ---- sender ---- *)
ServeBlock ==
    \E m \in net :
        /\ m.type = "REQUEST"
        /\ sndState \in {"offering", "serving"}
        /\ Reply(m, [type |-> "BLOCK", block |-> m.block, data |-> Object[m.block]])
        /\ sndState' = "serving"
        /\ sndIdle' = 0
        /\ UNCHANGED <<rcvState, have, requested, retries, probes, accepted>> /\ UNCHANGED rate

ReceiveDone ==
    \E m \in net :
        /\ m.type = "DONE"
        /\ sndState \in {"offering", "serving"}
        /\ Consume(m)
        /\ sndState' = "forgotten"
        /\ UNCHANGED <<sndIdle, rcvState, have, requested, retries, probes, accepted>> /\ UNCHANGED rate

\* The sender's idle timer: a tick passes without a request.
SenderIdleTick ==
    /\ sndState \in {"offering", "serving"}
    /\ sndIdle < IDLE
    /\ sndIdle' = sndIdle + 1
    /\ UNCHANGED <<net, sndState, rcvState, have, requested, retries, probes, accepted, dups>> /\ UNCHANGED rate

ForgetTransfer ==
    /\ sndState \in {"offering", "serving"}
    /\ sndIdle = IDLE
    /\ sndState' = "forgotten"
    /\ UNCHANGED <<net, sndIdle, rcvState, have, requested, retries, probes, accepted, dups>> /\ UNCHANGED rate

(* ---- environment ---- *)
Lose(m) ==
    /\ LossPossible
    /\ m \in net
    /\ net' = net \ {m}
    /\ UNCHANGED <<sndState, sndIdle, rcvState, have, requested, retries, probes, accepted, dups>> /\ UNCHANGED rate

\* The path signals congestion: a queue stands above its target, or loss rises above its steady share.
Congest ==
    /\ rcvState = "receiving"
    /\ ~congested /\ signals < CONGESTION
    /\ congested' = TRUE
    /\ signals' = signals + 1
    /\ UNCHANGED <<net, sndState, sndIdle, rcvState, have, requested, retries, probes, accepted, dups, win>>

\* Both ends are finished with the transfer; the system may rest here (this
\* is termination, not a deadlock, which TLC would still report).
Finished ==
    /\ sndState = "forgotten" /\ rcvState # "receiving"
    /\ UNCHANGED vars

Next ==
    \/ Finished
    \/ ReceiveOffer \/ Complete \/ ReceiveDone \/ ServeBlock
    \/ SenderIdleTick \/ ForgetTransfer \/ ShrinkWindow
    \/ \E i \in Blocks : RequestBlock(i) \/ ReceiveBlock(i) \/ DetectLoss(i) \/ RequestTimeout(i)
    \/ \E m \in net : Lose(m)
    \/ Congest

(***************************************************************************)
(* Fairness (fair loss): every step of the two ends is weakly fair, so a   *)
(* datagram that stays in the network is eventually received and due      *)
(* timers fire; loss is not fair, it may happen any number of times.       *)
(* The receiver and sender also stop eventually: a transfer that nobody    *)
(* finishes ends by the receiver giving up or by the idle timer.          *)
(***************************************************************************)
Fairness ==
    /\ WF_vars(ReceiveOffer) /\ WF_vars(Complete) /\ WF_vars(ReceiveDone)
    /\ WF_vars(ServeBlock) /\ WF_vars(SenderIdleTick) /\ WF_vars(ForgetTransfer)
    /\ WF_vars(ShrinkWindow)
    /\ \A i \in Blocks : WF_vars(RequestBlock(i)) /\ WF_vars(ReceiveBlock(i))
                         /\ WF_vars(DetectLoss(i)) /\ WF_vars(RequestTimeout(i))

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
TypeOK ==
    /\ net \subseteq Messages
    /\ sndState \in {"offering", "serving", "forgotten"}
    /\ sndIdle \in 0..IDLE
    /\ rcvState \in {"waiting", "receiving", "complete", "gaveup"}
    /\ have \in [Blocks -> {Object[i] : i \in Blocks} \cup {NoBlock}]
    /\ requested \subseteq Blocks
    /\ retries \in [Blocks -> 0..RETRIES]
    /\ probes \in 0..PROBES
    /\ accepted \in [Blocks -> 0..2]
    /\ dups \in 0..DUPS
    /\ win \in 1..WINDOW
    /\ congested \in BOOLEAN
    /\ signals \in 0..CONGESTION

\* Safety: a receiver that declares completion holds the sender's object.
CompleteMeansEqual == rcvState = "complete" => have = Object

\* Safety: no block is accepted twice.
NoBlockAcceptedTwice == \A i \in Blocks : accepted[i] <= 1

\* Safety: the window is never exceeded.
WindowRespected == Cardinality(requested) <= WINDOW

\* Rate: the window is cut only by congestion signals, at most one step each,
\* however many blocks are lost: random loss costs the lost blocks, not the rate.
WindowCutOnlyByCongestion == win >= WINDOW - signals

\* Liveness: every transfer the receiver has started eventually completes
\* or gives up.
TransferEnds == (rcvState = "receiving") ~> (rcvState \in {"complete", "gaveup"})

\* Liveness: the sender eventually forgets the transfer, whether it was
\* completed, abandoned by the receiver or left half way.
SenderForgets == <>(sndState = "forgotten")

\* Reachability goal, negated: TLC must find a completed transfer.
NeverComplete == rcvState # "complete"
=============================================================================
