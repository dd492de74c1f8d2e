-------------------------- MODULE TraceRendezvous --------------------------
(***************************************************************************)
(* Trace validation for Rendezvous: the server and all its clients of one  *)
(* trace replayed as one behaviour, events in file order.                  *)
(*                                                                         *)
(* Log holds the events mapped to records (org.ptpmesh.conformance.trace.  *)
(* RendezvousMapping): a the step, c the client (numbered in order of      *)
(* appearance), t the time in ms, o a Register's outcome, k a page (from   *)
(* 1), n a count (REGISTER datagrams, a page's entries, a Purge's silence  *)
(* in ms), p the page count, x whether a page completed a list, to the     *)
(* clients a Publish sent lists to, and s the size the node logged after   *)
(* the step: the registry's for the server, the client's list's for a      *)
(* client. Every step checks s.                                            *)
(*                                                                         *)
(* Time is the trace's, in ms (PURGE is in ms too): a silent Advance moves *)
(* the clock to the next event and adds the time to every registered       *)
(* client's silence, so a purge is checked to the ms: never before the     *)
(* window (Purge's guard), never more than CHECK after it (the server's    *)
(* purge check period), and no list is built while one is due             *)
(* (RegistryPurged). The register and publish timers are the               *)
(* implementation's own (docs/spec.md: lists per client, spread over the   *)
(* period; a client registers early after a challenge or an unanswered     *)
(* REGISTER): regIn and pubIn take no part.                                *)
(*                                                                         *)
(* Loss is implicit: a datagram never received stays in flight. REGISTERs  *)
(* are counted (regsOut), since a client sends one per batch of reports    *)
(* and the model's set of datagrams holds c's REGISTERs once.              *)
(***************************************************************************)
EXTENDS Rendezvous, Sequences, TLC

CONSTANTS Log, CHECK

VARIABLES i, clock, regsOut

traceVars == <<vars, i, clock, regsOut>>

ASSUME TLCSet(1, 0)

\* Log as a value: TLC evaluates a constant definition once, a substituted constant at every use
TheLog == Log

E == TheLog[i + 1]

RECURSIVE PagesFor(_)
\* The datagrams of the lists the model's server builds for the clients in S.
PagesFor(S) == IF S = {} THEN 0
               ELSE LET d == CHOOSE x \in S : TRUE IN PageCount(ListFor(d)) + PagesFor(S \ {d})

\* The client sent n REGISTER datagrams (one per batch of reports).
SendRegisters(c, n) ==
    /\ Running(c)
    /\ regsOut' = [regsOut EXCEPT ![c] = @ + n]
    /\ UNCHANGED vars

\* The model's Register, taking one of c's REGISTERs in flight: a join when
\* c is not registered (outcome "joined"), else a refresh ("refreshed", or
\* "moved" when the REGISTER changed c's addresses or NAT type).
RegisterOne(c, outcome) ==
    /\ regsOut[c] > 0
    /\ regsOut' = [regsOut EXCEPT ![c] = @ - 1]
    /\ silence' = [silence EXCEPT ![c] = 0]
    /\ IF c \in reg
         THEN /\ outcome \in {"refreshed", "moved"}
              /\ UNCHANGED <<reg, publishNow>>
         ELSE /\ outcome = "joined"
              /\ reg' = reg \cup {c}
              /\ publishNow' = TRUE
    /\ UNCHANGED <<up, regIn, pubIn, toServer, inbox, view, pages, lost>>

\* The server hears a registered client echo a list's timestamp: heard from,
\* as by a REGISTER (the model's clients speak to the server only by REGISTER).
Heard(c) ==
    /\ c \in reg
    /\ silence' = [silence EXCEPT ![c] = 0]
    /\ UNCHANGED <<up, regIn, reg, pubIn, publishNow, toServer, inbox, view, pages, lost, regsOut>>

\* The model's Publish for the clients in S only: the server sends each
\* client its list on a schedule of its own (docs/spec.md). Purged first,
\* every addressee registered, dgrams the datagrams the model's paging needs.
\* Each addressee gets a new publication, numbered as the model numbers them
\* (NewPub): a page of it does not join the pages an addressee holds of an
\* earlier one, as the implementation's LISTID has it. The trace names no
\* LISTID; pages of the earlier publication are all received or lost before
\* the next one is sent (one-way delay below the server's publish tick).
PublishTo(S, dgrams) ==
    /\ RegistryPurged
    /\ S \subseteq reg
    /\ PagesFor(S) = dgrams
    /\ inbox' = [d \in Clients |-> IF d \in S /\ Running(d) THEN NewPublication(d) ELSE inbox[d]]
    /\ publishNow' = FALSE
    /\ UNCHANGED <<up, regIn, reg, silence, pubIn, toServer, view, pages, lost, regsOut>>

\* Page k of p pages holding n entries; x: it completed the list.
ReceivePage(c, k, p, n, x) ==
    /\ PageCount(inbox[c].list) = p
    /\ Cardinality(PageOf(inbox[c].list, k)) = n
    /\ ReceiveList(c, k)
    /\ x = (pages'[c] = NoPages)
    /\ UNCHANGED regsOut

ServerSize == Cardinality(reg')
ClientSize(c) == Cardinality(view'[c])

Matches ==
    CASE E.a = "SendRegister" -> SendRegisters(E.c, E.n) /\ ClientSize(E.c) = E.s
      [] E.a = "Shutdown"     -> Shutdown(E.c) /\ UNCHANGED regsOut /\ ClientSize(E.c) = E.s
      [] E.a = "ReceiveList"  -> ReceivePage(E.c, E.k, E.p, E.n, E.x) /\ ClientSize(E.c) = E.s
      [] E.a = "Register"     -> RegisterOne(E.c, E.o) /\ ServerSize = E.s
      [] E.a = "Heard"        -> Heard(E.c) /\ ServerSize = E.s
      [] E.a = "Unregister"   -> Unregister(E.c) /\ UNCHANGED regsOut /\ ServerSize = E.s
      [] E.a = "Purge"        -> silence[E.c] = E.n /\ Purge(E.c) /\ UNCHANGED regsOut /\ ServerSize = E.s
      [] E.a = "Publish"      -> PublishTo(E.to, E.n) /\ ServerSize = E.s

LoggedStep ==
    /\ i < Len(TheLog) /\ E.t = clock
    /\ Matches
    /\ i' = i + 1 /\ UNCHANGED clock

\* Time passes up to the next event; the server purges a client at most
\* CHECK after its silence passed PURGE.
Advance ==
    /\ i < Len(TheLog) /\ clock < E.t
    /\ silence' = [c \in Clients |-> IF c \in reg THEN silence[c] + (E.t - clock) ELSE silence[c]]
    /\ \A c \in reg : silence'[c] <= PURGE + CHECK
    /\ clock' = E.t
    /\ UNCHANGED <<up, regIn, reg, pubIn, publishNow, toServer, inbox, view, pages, lost, i, regsOut>>

TraceInit == Init /\ i = 0 /\ clock = 0 /\ regsOut = [c \in Clients |-> 0]

TraceNext == LoggedStep \/ Advance

\* Never violated: TLC's counterexample would be a behaviour of thousands of
\* states, each holding every client's lists, which costs far more to print
\* than to find. The trace matched when TraceProgress records Len(Log)
\* records matched (org.ptpmesh.conformance.trace.TraceValidator).
TraceMatched == TRUE

\* A state constraint that only records the longest prefix matched.
TraceProgress == IF i > TLCGet(1) THEN TLCSet(1, i) /\ PrintT(<<"TRACE_INDEX", i>>) ELSE TRUE
=============================================================================
