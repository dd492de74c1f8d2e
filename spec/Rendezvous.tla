----------------------------- MODULE Rendezvous -----------------------------
(***************************************************************************)
(* The rendezvous server of ptptest 2014 (docs/glossary.md) and its        *)
(* clients.                                                                *)
(*                                                                         *)
(* A running client registers every REGISTER_EVERY ticks. The server keeps *)
(* a registry, publishes to every registered client the list of the other  *)
(* registered clients every PUBLISH_EVERY ticks and at once when a client  *)
(* joins or leaves, pages a list that does not fit one datagram (PAGE      *)
(* entries a page), purges a client silent for more than PURGE ticks, and  *)
(* drops a client that says SHUTDOWN. A client that leaves is announced as *)
(* gone by that immediate publish: the new list no longer holds it. Each   *)
(* publication to a client is numbered (LISTID) and its pages carry the    *)
(* number; a client replaces its list when it holds every page of one      *)
(* publication, never from pages of two.                                   *)
(*                                                                         *)
(* Time is discrete; a due timer fires before time advances, and a         *)
(* datagram is received or lost within the tick it was sent in (one-way    *)
(* delay below the tick, the 1 s granularity of the timers).               *)
(*                                                                         *)
(* Network. Client-to-server datagrams (REGISTER, SHUTDOWN) are a set: any *)
(* order, any loss. The model keeps, for each client, only the pages of    *)
(* the newest publication in flight (inbox): a page of an earlier one      *)
(* arrives before any page of the newer one, which is the same as arriving *)
(* before the newer one was sent (the client's step does not depend on the *)
(* server's), or after one, when the client drops it as late (a page 1 to *)
(* 4 LISTIDs behind), which is the same as loss. Such superseded pages are *)
(* not counted as lost. Up to MAX_LOSS datagrams are lost in a run: fair   *)
(* delivery means loss is finite, not that it never happens. Only clients  *)
(* in MayStop shut down or crash.                                          *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    N,               \* number of clients, named 1..N
    PURGE,           \* a client silent for more than PURGE ticks is purged
    REGISTER_EVERY,  \* a client registers every REGISTER_EVERY ticks
    PUBLISH_EVERY,   \* the server publishes every PUBLISH_EVERY ticks
    PAGE,            \* client entries in one list datagram
    MayStop,         \* the clients that may shut down or crash
    MAX_LOSS         \* datagrams the network may lose in one run

ASSUME N \in Nat \ {0} /\ PURGE \in Nat /\ PAGE \in Nat \ {0}
ASSUME REGISTER_EVERY \in Nat \ {0} /\ PUBLISH_EVERY \in Nat \ {0}
ASSUME MayStop \subseteq 1..N /\ MAX_LOSS \in Nat

Clients == 1..N

(* Paging: the entries of a list in client order, PAGE to a datagram; an  *)
(* empty list still goes out as one (empty) page.                         *)
Rank(c, list) == Cardinality({x \in list : x <= c})
PageCount(list) == IF list = {} THEN 1 ELSE (Cardinality(list) + PAGE - 1) \div PAGE
PageOf(list, i) == {c \in list : (Rank(c, list) - 1) \div PAGE = i - 1}
MaxPages == PageCount(Clients)

(* Publication numbers. The implementation numbers every list it sends a  *)
(* client, one more each time (mod 2^32), and a client compares a page's  *)
(* number only with that of the list it is putting together: same, the    *)
(* page joins it; different, the page starts a new one. A new number       *)
(* differs from every earlier one the client can hold (2^32 lists apart    *)
(* before the counter wraps, far more than any run the model has), so all *)
(* the client can tell is "the publication I am assembling, or another".  *)
(* One bit says that: a publication to d carries the bit that is not the  *)
(* one of d's assembly. A counter modulo K would be unsound (pages K       *)
(* publications apart would match when K-1 were lost whole) as well as K^N *)
(* times the states.                                                      *)
NewPub(assembling) == 1 - assembling
Pubs == {0, 1}

\* No pages in flight to a client.
NoInbox == [pub |-> 0, list |-> {}, got |-> {}]
\* No list being put together: its publication's number, the pages it has,
\* and the entries they held (what the client knows of the list: never the
\* server's list itself).
NoPages == [pub |-> 0, got |-> {}, held |-> {}]

VARIABLES
    up,          \* each client: "running", "shutdown" or "crashed"
    regIn,       \* ticks until each client's register timer fires
    reg,         \* the server's registry
    silence,     \* ticks since the server last heard from each registered client
    pubIn,       \* ticks until the server's publish timer fires
    publishNow,  \* a client joined or left: the server publishes before time advances
    toServer,    \* client-to-server datagrams in flight
    inbox,       \* per client: the newest publication in flight (number, list, undelivered pages)
    view,        \* each client's current list of the others
    pages,       \* each client's publication being assembled and the pages it has
    lost         \* datagrams lost so far

vars == <<up, regIn, reg, silence, pubIn, publishNow, toServer, inbox, view, pages, lost>>

Running(c) == up[c] = "running"
PurgeDue(c) == c \in reg /\ silence[c] > PURGE

\* The server purges before it publishes: no list is built while a purge
\* is due. (The implementation runs the purge check on a timer, every tenth
\* of the purge window; the model's tick stands for that period here, see
\* docs/spec.md.)
RegistryPurged == \A c \in Clients : ~PurgeDue(c)

\* What the server lists to client d: every other registered client.
ListFor(d) == reg \ {d}

\* A departure is announced by publishing at once.
AnnounceDeparture == TRUE

-----------------------------------------------------------------------------
Init ==
    /\ up = [c \in Clients |-> "running"]
    /\ regIn = [c \in Clients |-> 0]
    /\ reg = {}
    /\ silence = [c \in Clients |-> 0]
    /\ pubIn = PUBLISH_EVERY
    /\ publishNow = FALSE
    /\ toServer = {}
    /\ inbox = [c \in Clients |-> NoInbox]
    /\ view = [c \in Clients |-> {}]
    /\ pages = [c \in Clients |-> NoPages]
    /\ lost = 0

(* ---- client ---- *)
\* The client's register timer sends the REGISTER m (KeyedRendezvous: sealed
\* or plain).
RegisterTimer(c, m) ==
    /\ Running(c) /\ regIn[c] = 0
    /\ toServer' = toServer \cup {m}
    /\ regIn' = [regIn EXCEPT ![c] = REGISTER_EVERY]

SendRegister(c) ==
    /\ RegisterTimer(c, [type |-> "REGISTER", from |-> c])
    /\ UNCHANGED <<up, reg, silence, pubIn, publishNow, inbox, view, pages, lost>>

\* The client stops and says so with the SHUTDOWN m (the SHUTDOWN TLV).
Stops(c, m) ==
    /\ Running(c) /\ c \in MayStop
    /\ up' = [up EXCEPT ![c] = "shutdown"]
    /\ toServer' = toServer \cup {m}
    /\ inbox' = [inbox EXCEPT ![c] = NoInbox]

Shutdown(c) ==
    /\ Stops(c, [type |-> "SHUTDOWN", from |-> c])
    /\ UNCHANGED <<regIn, reg, silence, pubIn, publishNow, view, pages, lost>>

\* Environment: the client stops without a word.
Crash(c) ==
    /\ Running(c) /\ c \in MayStop
    /\ up' = [up EXCEPT ![c] = "crashed"]
    /\ inbox' = [inbox EXCEPT ![c] = NoInbox]
    /\ UNCHANGED <<regIn, reg, silence, pubIn, publishNow, toServer, view, pages, lost>>

\* One page of the newest publication reaches the client. It assembles one
\* publication at a time: a page of another starts over with that one
\* (SamePublication). Each page says which page of how many it is; once it
\* has all of them, the client's view is the entries its pages held, as in
\* the implementation, which never sees the server's list itself.
SamePublication(c) == pages[c].pub = inbox[c].pub

ReceiveList(c, i) ==
    /\ Running(c) /\ i \in inbox[c].got
    /\ LET list == inbox[c].list
           from == IF SamePublication(c) THEN pages[c] ELSE NoPages
           got == from.got \cup {i}
           held == from.held \cup PageOf(list, i)
       IN  /\ inbox' = [inbox EXCEPT ![c].got = @ \ {i}]
           /\ IF got = 1..PageCount(list)
                THEN /\ view' = [view EXCEPT ![c] = held]
                     /\ pages' = [pages EXCEPT ![c] = NoPages]
                ELSE /\ pages' = [pages EXCEPT ![c] = [pub |-> inbox[c].pub, got |-> got, held |-> held]]
                     /\ UNCHANGED view
    /\ UNCHANGED <<up, regIn, reg, silence, pubIn, publishNow, toServer, lost>>

(* ---- server ---- *)
\* A REGISTER arrives: a new client joins (and is published at once), a
\* known one is refreshed.
\* What a REGISTER the server takes does to the registry (KeyedRendezvous
\* shares it).
Joins(c) ==
    /\ silence' = [silence EXCEPT ![c] = 0]
    /\ IF c \in reg
         THEN UNCHANGED <<reg, publishNow>>
         ELSE /\ reg' = reg \cup {c}
              /\ publishNow' = TRUE

Register(c) ==
    LET m == [type |-> "REGISTER", from |-> c] IN
    /\ m \in toServer
    /\ toServer' = toServer \ {m}
    /\ Joins(c)
    /\ UNCHANGED <<up, regIn, pubIn, inbox, view, pages, lost>>

\* A SHUTDOWN arrives: the client leaves and is announced gone at once.
\* What a SHUTDOWN the server takes does to the registry.
Leaves(c) ==
    /\ reg' = reg \ {c}
    /\ silence' = [silence EXCEPT ![c] = 0]
    /\ publishNow' = (publishNow \/ (c \in reg /\ AnnounceDeparture))

Unregister(c) ==
    LET m == [type |-> "SHUTDOWN", from |-> c] IN
    /\ m \in toServer
    /\ toServer' = toServer \ {m}
    /\ Leaves(c)
    /\ UNCHANGED <<up, regIn, pubIn, inbox, view, pages, lost>>

\* The purge timer: a client silent too long leaves and is announced gone.
Purge(c) ==
    /\ PurgeDue(c)
    /\ reg' = reg \ {c}
    /\ silence' = [silence EXCEPT ![c] = 0]
    /\ publishNow' = (publishNow \/ AnnounceDeparture)
    /\ UNCHANGED <<up, regIn, pubIn, toServer, inbox, view, pages, lost>>

\* A new publication to d: every page of d's list, under a number that is
\* not the one of the list d is putting together.
NewPublication(d) ==
    [pub |-> NewPub(pages[d].pub), list |-> ListFor(d), got |-> 1..PageCount(ListFor(d))]

\* The publish timer, a join or a departure: every registered client gets a
\* new publication of the list of the others, which supersedes the pages of
\* an earlier one still in flight (see Network). The periodic timer keeps
\* its fixed schedule: only its own firing sets it again, a publish for a
\* join or a departure does not move it (the implementation sets the
\* publish timer only in its handler).
Publish ==
    /\ pubIn = 0 \/ publishNow
    /\ RegistryPurged
    /\ inbox' = [d \in Clients |-> IF d \in reg /\ Running(d) THEN NewPublication(d) ELSE inbox[d]]
    /\ pubIn' = IF pubIn = 0 THEN PUBLISH_EVERY ELSE pubIn
    /\ publishNow' = FALSE
    /\ UNCHANGED <<up, regIn, reg, silence, toServer, view, pages, lost>>

(* ---- time and environment ---- *)
Tick ==
    /\ pubIn > 0 /\ ~publishNow
    /\ \A c \in Clients : ~PurgeDue(c) /\ ~(Running(c) /\ regIn[c] = 0)
    /\ toServer = {} /\ \A c \in Clients : inbox[c].got = {}
    \* capped: a client one tick past the window is as purgeable as any later
    /\ silence' = [c \in Clients |-> IF c \in reg /\ silence[c] <= PURGE
                                     THEN silence[c] + 1 ELSE silence[c]]
    /\ regIn' = [c \in Clients |-> IF Running(c) THEN regIn[c] - 1 ELSE regIn[c]]
    /\ pubIn' = pubIn - 1
    /\ UNCHANGED <<up, reg, publishNow, toServer, inbox, view, pages, lost>>

LoseToServer(m) ==
    /\ m \in toServer /\ lost < MAX_LOSS
    /\ toServer' = toServer \ {m}
    /\ lost' = lost + 1
    /\ UNCHANGED <<up, regIn, reg, silence, pubIn, publishNow, inbox, view, pages>>

LosePage(c, i) ==
    /\ i \in inbox[c].got /\ lost < MAX_LOSS
    /\ inbox' = [inbox EXCEPT ![c].got = @ \ {i}]
    /\ lost' = lost + 1
    /\ UNCHANGED <<up, regIn, reg, silence, pubIn, publishNow, toServer, view, pages>>

Next ==
    \/ Publish \/ Tick
    \/ \E c \in Clients :
         \/ SendRegister(c) \/ Shutdown(c) \/ Crash(c)
         \/ Register(c) \/ Unregister(c) \/ Purge(c)
         \/ \E i \in 1..MaxPages : ReceiveList(c, i) \/ LosePage(c, i)
    \/ \E m \in toServer : LoseToServer(m)

(***************************************************************************)
(* Fairness (fair delivery): time advances, due timers fire, and every     *)
(* datagram that is not lost is eventually received (weak fairness for     *)
(* each client and each page number). Loss is not fair; it is bounded by   *)
(* MAX_LOSS.                                                               *)
(***************************************************************************)
Fairness ==
    /\ WF_vars(Tick) /\ WF_vars(Publish)
    /\ \A c \in Clients :
         /\ WF_vars(SendRegister(c)) /\ WF_vars(Purge(c))
         /\ WF_vars(Register(c)) /\ WF_vars(Unregister(c))
         /\ \A i \in 1..MaxPages : WF_vars(ReceiveList(c, i))

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
TypeOK ==
    /\ up \in [Clients -> {"running", "shutdown", "crashed"}]
    /\ regIn \in [Clients -> 0..REGISTER_EVERY]
    /\ reg \subseteq Clients
    /\ silence \in [Clients -> 0..PURGE + 1]
    /\ pubIn \in 0..PUBLISH_EVERY
    /\ publishNow \in BOOLEAN
    /\ toServer \subseteq [type : {"REGISTER", "SHUTDOWN"}, from : Clients]
    /\ inbox \in [Clients -> [pub : Pubs, list : SUBSET Clients, got : SUBSET (1..MaxPages)]]
    /\ view \in [Clients -> SUBSET Clients]
    /\ pages \in [Clients -> [pub : Pubs, got : SUBSET (1..MaxPages), held : SUBSET Clients]]
    /\ lost \in 0..MAX_LOSS

\* Safety: every page in flight fits its page size and belongs to its list.
PagesFit ==
    \A c \in Clients : \A i \in inbox[c].got :
        i \in 1..PageCount(inbox[c].list) /\ Cardinality(PageOf(inbox[c].list, i)) <= PAGE

\* Safety (action property): the union of a list's pages is the list. When
\* a client's view changes, it is the list the server paged for it: no entry
\* lost between pages, none left off the end.
PagesMakeTheList ==
    [][\A c \in Clients : view'[c] # view[c] => view'[c] = inbox[c].list]_vars

\* Safety: a client never lists itself.
NoSelfListing == \A c \in Clients : c \notin view[c]

\* Safety (action property): a list the server publishes holds only clients
\* that are registered and were heard from within the purge window.
SentPages(d) ==
    /\ inbox'[d].got # {}
    /\ \/ inbox'[d].pub # inbox[d].pub \/ inbox'[d].list # inbox[d].list
       \/ ~(inbox'[d].got \subseteq inbox[d].got)

PublishedFresh ==
    [][\A d \in Clients :
         SentPages(d) => \A e \in inbox'[d].list : e \in reg' /\ silence'[e] <= PURGE]_vars

\* Safety: a client that has left the registry (purged or shut down) is
\* announced as gone: a publish is pending, or every list built since no
\* longer holds it.
DepartureAnnounced ==
    \A c \in Clients \ reg : \A d \in reg :
        publishNow \/ c \notin inbox[d].list \/ inbox[d].got = {}

\* Liveness: two clients that keep running end up listing each other for
\* good. (Written as "eventually always" over state predicates, which TLC
\* checks on the state graph without a tableau.)
RunningClientsMeet ==
    \A c, d \in Clients :
        c # d => <>[](Running(c) /\ Running(d) => c \in view[d])

\* Liveness: a client that stopped disappears for good from the list of
\* every running client.
StoppedClientsDisappear ==
    \A c, d \in Clients :
        c # d => <>[](~Running(c) /\ Running(d) => c \notin view[d])

\* Reachability goal, negated: TLC must find a client holding a paged list
\* (one that took more than one datagram).
NoPagedListSeen == \A c \in Clients : Cardinality(view[c]) <= PAGE

\* Reachability goal, negated: TLC must find a running client purged (its
\* registrations lost) while another client still lists it.
NoRunningClientPurged ==
    ~\E c, d \in Clients : Running(c) /\ c \notin reg /\ c \in view[d]
=============================================================================
