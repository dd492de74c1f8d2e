--------------------------- MODULE MBTRendezvous ---------------------------
(* Rendezvous as the core runs it, as a state graph for the model-based    *)
(* tests of the server and its clients (conformance:                      *)
(* org.ptpmesh.conformance.mbt.RendezvousModelBasedTest).                 *)
(*                                                                         *)
(* One step differs from Rendezvous' Next. The core's server challenges a *)
(* newcomer's address with a cookie and lists it only once the client     *)
(* echoes it (docs/protocol.md 6.8); a client that stopped after sending  *)
(* its REGISTER answers nothing, so its late REGISTER does not make it a  *)
(* member. The model's Register takes it in anyway (and the purge removes *)
(* it later): a behaviour the core never shows, which a test of the core  *)
(* cannot follow. Here that REGISTER is dropped instead.                  *)
EXTENDS Rendezvous

\* A REGISTER takes effect when its client is known or still runs to answer the challenge.
RegisterAnswered(c) == (c \notin reg => Running(c)) /\ Register(c)

\* A newcomer's REGISTER arrives after its client stopped: the challenge goes unanswered.
ChallengeUnanswered(c) ==
    LET m == [type |-> "REGISTER", from |-> c] IN
    /\ m \in toServer /\ c \notin reg /\ ~Running(c)
    /\ toServer' = toServer \ {m}
    /\ UNCHANGED <<up, regIn, reg, silence, pubIn, publishNow, inbox, view, pages, lost>>

MBTNext ==
    \/ Publish \/ Tick
    \/ \E c \in Clients :
         \/ SendRegister(c) \/ Shutdown(c) \/ Crash(c)
         \/ RegisterAnswered(c) \/ ChallengeUnanswered(c) \/ Unregister(c) \/ Purge(c)
         \/ \E i \in 1..MaxPages : ReceiveList(c, i) \/ LosePage(c, i)
         \/ \E t \in {"REGISTER", "SHUTDOWN"} : LoseToServer([type |-> t, from |-> c])

\* Pages reach the clients one client after the other (client 1's first): the
\* clients take no step on each other's pages, so the orders left out are the
\* same steps interleaved; the paging config stays small enough to test every
\* transition.
ReceiveListInTurn(c, i) == ReceiveList(c, i) /\ \A d \in Clients : d < c => inbox[d].got = {}

MBTPagedNext ==
    \/ Publish \/ Tick
    \/ \E c \in Clients :
         \/ SendRegister(c) \/ Shutdown(c) \/ Crash(c)
         \/ RegisterAnswered(c) \/ ChallengeUnanswered(c) \/ Unregister(c) \/ Purge(c)
         \/ \E i \in 1..MaxPages : ReceiveListInTurn(c, i) \/ LosePage(c, i)
         \/ \E t \in {"REGISTER", "SHUTDOWN"} : LoseToServer([type |-> t, from |-> c])
=============================================================================
