--------------------------- MODULE KeyedRendezvous ---------------------------
(***************************************************************************)
(* Rendezvous with keys and an attacker (docs/protocol.md 6.9).            *)
(*                                                                         *)
(* Keys are abstract: client c's key is c, its id is c (the id is derived  *)
(* from the key, so the two name each other), and key 0 is the attacker's, *)
(* whose own id is 0. The clients in Keyed hold their key; the others are  *)
(* legacy and speak plain. The attacker holds no honest key.               *)
(*                                                                         *)
(* Handshake. The possession proof is the abstract step Handshake(k, i):   *)
(* only the holder of key k takes it, and it leaves the server a session   *)
(* that speaks for the id i when i is the id of k (the server checks the   *)
(* UUID of the HANDSHAKE_INIT against the key, id_not_of_key). What a key  *)
(* holder sends in its session is sealed: only the holder makes it, and    *)
(* the server takes a sealed REGISTER or SHUTDOWN only when its UUID is    *)
(* the id the session speaks for, binding the registration to the          *)
(* session's key.                                                          *)
(*                                                                         *)
(* Attacker. It sees every datagram a client sends (seen: an on-path       *)
(* reader's knowledge) and, at any time and any number of times, makes the *)
(* server receive a datagram it built from public ids (a plain REGISTER or *)
(* SHUTDOWN with any client's id; anything sealed in its own session, for  *)
(* which it runs handshakes with its own key claiming any id) or one it    *)
(* saw (a replay). It needs no source address of its own: it may spoof     *)
(* any. A replayed HANDSHAKE_INIT leaves the server a session whose keys   *)
(* the attacker cannot derive, so it is left out: it changes nothing here. *)
(* The receive window that drops a replayed SEALED datagram is left out    *)
(* too: the invariants hold without it, a stronger statement.              *)
(*                                                                         *)
(* Everything else is Rendezvous: the client-to-server datagrams in        *)
(* flight (toServer) are now wire datagrams, sealed or plain, and the      *)
(* server's registry steps are Rendezvous' Joins and Leaves.               *)
(***************************************************************************)
EXTENDS Rendezvous

CONSTANTS
    Keyed            \* the clients with an identity; the others are legacy

ASSUME Keyed \subseteq Clients

Attacker == 0
Keys == {Attacker} \cup Keyed
Ids == {Attacker} \cup Clients
Types == {"REGISTER", "SHUTDOWN"}

\* A datagram sealed in the session of key k, whose inner message of type t
\* says UUID i; and a plain one (its key field is not read: nobody sealed it).
Sealed(k, t, i) == [kind |-> "SEALED", key |-> k, type |-> t, id |-> i]
Plain(t, i) == [kind |-> "PLAIN", key |-> Attacker, type |-> t, id |-> i]
Datagrams == {Sealed(k, t, i) : k \in Keys, t \in Types, i \in Ids}
               \cup {Plain(t, i) : t \in Types, i \in Clients}

\* What an honest client sends: sealed in its session when it has a key.
Wire(t, c) == IF c \in Keyed THEN Sealed(c, t, c) ELSE Plain(t, c)

VARIABLES
    sessions,  \* the server's sessions: [key, id]: the key a handshake proved,
               \* and the id the session speaks for
    keyOf,     \* per registered client, {k} for a registration bound to key k,
               \* {} for a legacy one (and for no registration)
    madeBy,    \* ghost: who made the datagram that made or last refreshed each
               \* registration (a client, or the attacker 0)
    seen       \* every datagram a client sent: what the attacker knows

keyVars == <<sessions, keyOf, madeBy, seen>>
allVars == <<vars, keyVars>>

-----------------------------------------------------------------------------
(* Guards the server checks; the mutants override them.                    *)
\* A handshake's UUID is the id of the key it proved (id_not_of_key).
IdOfKey(k, i) == i = k
\* A plain message with the id of a keyed registration is dropped
\* (keyed_id_claimed_plain).
PlainClaimDropped(i) == i \in reg /\ keyOf[i] # {}

HasSession(c) == \E s \in sessions : s.key = c

-----------------------------------------------------------------------------
KInit ==
    /\ Init
    /\ sessions = {}
    /\ keyOf = [c \in Clients |-> {}]
    /\ madeBy = [c \in Clients |-> c]
    /\ seen = {}

\* The possession proof: the holder of key k runs a handshake with the
\* server claiming the id i; the server keeps the session only when i is
\* the key's id. A client claims its own id; the attacker, key 0, any.
Handshake(k, i) ==
    /\ IF k = Attacker THEN TRUE ELSE Running(k) /\ i = k
    /\ IdOfKey(k, i)
    /\ sessions' = sessions \cup {[key |-> k, id |-> i]}
    /\ UNCHANGED <<vars, keyOf, madeBy, seen>>

\* A client's register timer; a keyed client registers only in its session.
KSendRegister(c) ==
    /\ c \in Keyed => HasSession(c)
    /\ RegisterTimer(c, Wire("REGISTER", c))
    /\ seen' = seen \cup {Wire("REGISTER", c)}
    /\ UNCHANGED <<up, reg, silence, pubIn, publishNow, inbox, view, pages, lost,
                   sessions, keyOf, madeBy>>

KShutdown(c) ==
    /\ c \in Keyed => HasSession(c)
    /\ Stops(c, Wire("SHUTDOWN", c))
    /\ seen' = seen \cup {Wire("SHUTDOWN", c)}
    /\ UNCHANGED <<regIn, reg, silence, pubIn, publishNow, view, pages, lost,
                   sessions, keyOf, madeBy>>

\* The server takes a plain datagram unless it claims a keyed registration,
\* a sealed one when its session speaks for its UUID.
Accepts(d) ==
    /\ d.id \in Clients
    /\ IF d.kind = "PLAIN"
         THEN ~PlainClaimDropped(d.id)
         ELSE [key |-> d.key, id |-> d.id] \in sessions

\* The server takes datagram d, made by `by`. A REGISTER binds the
\* registration to the key of the session it was sealed in (a plain one
\* leaves it legacy, or keeps the binding of a keyed one a mutant let it
\* refresh); a SHUTDOWN ends it.
Takes(d, by) ==
    /\ Accepts(d)
    /\ IF d.type = "REGISTER"
         THEN /\ Joins(d.id)
              /\ keyOf' = [keyOf EXCEPT ![d.id] =
                             IF d.kind = "SEALED" THEN {d.key}
                             ELSE IF d.id \in reg THEN @ ELSE {}]
              /\ madeBy' = [madeBy EXCEPT ![d.id] = by]
         ELSE /\ Leaves(d.id)
              /\ keyOf' = [keyOf EXCEPT ![d.id] = {}]
              /\ madeBy' = [madeBy EXCEPT ![d.id] = d.id]

\* A client's datagram reaches the server, which takes or drops it.
Receive(d) ==
    /\ d \in toServer
    /\ toServer' = toServer \ {d}
    /\ IF Accepts(d) THEN Takes(d, d.id)
       ELSE UNCHANGED <<reg, silence, publishNow, keyOf, madeBy>>
    /\ UNCHANGED <<up, regIn, pubIn, inbox, view, pages, lost, sessions, seen>>

\* The attacker's datagrams: plain claims on any id, anything sealed in a
\* session of its own, and every datagram it saw.
Forgeable ==
    {Plain(t, i) : t \in Types, i \in Clients}
      \cup {Sealed(Attacker, t, i) : t \in Types,
                                     i \in {s.id : s \in {x \in sessions : x.key = Attacker}}}
      \cup seen

\* The attacker makes the server receive d; what the server drops leaves
\* no trace (the drop counters are not modelled).
Inject(d) ==
    /\ d \in Forgeable
    /\ Takes(d, IF d.kind = "SEALED" THEN d.key ELSE Attacker)
    /\ UNCHANGED <<up, regIn, pubIn, toServer, inbox, view, pages, lost, sessions, seen>>

\* A registration the purge timer ends is no longer bound.
KPurge(c) ==
    /\ Purge(c)
    /\ keyOf' = [keyOf EXCEPT ![c] = {}]
    /\ madeBy' = [madeBy EXCEPT ![c] = c]
    /\ UNCHANGED <<sessions, seen>>

\* Rendezvous' other steps, which leave the keys as they are.
KPublish == Publish /\ UNCHANGED keyVars
KTick == Tick /\ UNCHANGED keyVars
KCrash(c) == Crash(c) /\ UNCHANGED keyVars
KReceiveList(c, i) == ReceiveList(c, i) /\ UNCHANGED keyVars
KLosePage(c, i) == LosePage(c, i) /\ UNCHANGED keyVars
KLoseToServer(d) == LoseToServer(d) /\ UNCHANGED keyVars

KNext ==
    \/ KPublish \/ KTick
    \/ \E k \in Keys, i \in Ids : Handshake(k, i)
    \/ \E c \in Clients :
         \/ KSendRegister(c) \/ KShutdown(c) \/ KCrash(c) \/ KPurge(c)
         \/ \E i \in 1..MaxPages : KReceiveList(c, i) \/ KLosePage(c, i)
    \/ \E d \in Datagrams : Receive(d) \/ KLoseToServer(d) \/ Inject(d)

KSpec == KInit /\ [][KNext]_allVars

-----------------------------------------------------------------------------
KTypeOK ==
    /\ up \in [Clients -> {"running", "shutdown", "crashed"}]
    /\ regIn \in [Clients -> 0..REGISTER_EVERY]
    /\ reg \subseteq Clients
    /\ silence \in [Clients -> 0..PURGE + 1]
    /\ toServer \subseteq Datagrams
    /\ sessions \subseteq [key : Keys, id : Ids]
    /\ keyOf \in [Clients -> SUBSET Keys]
    /\ madeBy \in [Clients -> Ids]
    /\ seen \subseteq Datagrams

\* Safety: a keyed registration is bound to the key whose id it is, that
\* key's holder took part in the handshake that made the session, and the
\* datagram that made or last refreshed the registration was its own.
RegistrationsBoundToProvers ==
    \A c \in reg : keyOf[c] # {} => keyOf[c] = {c} /\ c \in Keyed /\ madeBy[c] = c

\* Safety: every session speaks for the id of the key that proved it.
SessionsSpeakForTheirKey == \A s \in sessions : s.id = s.key

\* Reachability goal, negated: TLC must find the attacker holding a keyed
\* client's id as a legacy registration (a plain REGISTER before the client
\* registered in its session: the contract allows it, and the client's
\* sealed REGISTER takes the id back).
NoKeyedIdSquatted ==
    ~\E c \in Keyed : c \in reg /\ keyOf[c] = {} /\ madeBy[c] = Attacker
=============================================================================
