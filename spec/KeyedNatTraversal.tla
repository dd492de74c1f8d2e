-------------------------- MODULE KeyedNatTraversal --------------------------
(***************************************************************************)
(* NatTraversal with keys and an attacker (docs/protocol.md 6.9).          *)
(*                                                                         *)
(* Keys are abstract: peer p's key is p (its id is derived from it), and   *)
(* key "X" is the attacker's. Both peers are keyed. I1 binds a peer's      *)
(* registration to the key of the session its pings came in (regKey); an   *)
(* INTRO carries, as PEERKEY, the key I1 bound the introduced peer's       *)
(* registration to; the punching peers run IK with that key, and their     *)
(* PUNCH and PUNCH_ACK are sealed in the session it made, so a peer opens  *)
(* a PUNCH or PUNCH_ACK only when it was sealed by the key its attempt's   *)
(* INTRO named (SealedByIntroducedKey). The possession proof is abstract:  *)
(* what is sealed with a key, only its holder makes.                       *)
(*                                                                         *)
(* Attacker. It may spoof any source address and reads the network. It     *)
(* sends a peer PUNCHes and PUNCH_ACKs of its own making (any attempt id,  *)
(* from any port of the other peer's public address or from its LAN        *)
(* address), which are sealed with its own key at best; it sends INTROs    *)
(* naming its own key as the other peer's, which I1's key did not seal; it *)
(* replays every PUNCH and PUNCH_ACK it saw reach a peer; and it runs      *)
(* handshakes with I1 with its own key claiming a peer's id (I1 checks the *)
(* UUID against the key, id_not_of_key). Plain claims on a keyed id are    *)
(* KeyedRendezvous' part. Its packets bypass the NATs (a stronger attacker *)
(* than one that must get through them). The receive window that drops a   *)
(* replayed SEALED datagram is left out: replays are opened as often as    *)
(* they come.                                                              *)
(*                                                                         *)
(* The relay. I1 relays A's application data to B; between keyed peers a  *)
(* relayed packet is sealed in a session of their own (docs/protocol.md    *)
(* 6.9, "Relayed sessions"), so B takes a relayed packet in A's name only  *)
(* when A's key sealed it (SealedByRelayedPeer). The relay, here the       *)
(* attacker, writes relayed packets of its own in A's name, sealed with    *)
(* I1's key at best (RelayForge): a relayed path is bound only to the id   *)
(* whose key took part (RelayedDataProven).                                *)
(*                                                                         *)
(* Everything else is NatTraversal, unchanged: the keys are ghost          *)
(* bookkeeping over its steps (Ghosts), and the attacker's packets enter   *)
(* the peers' inboxes.                                                     *)
(***************************************************************************)
EXTENDS NatTraversal

Attacker == "X"
Keys == Peers \cup {Attacker}
NoKey == "none"
PunchKinds == {"PUNCH", "PUNCH_ACK"}

\* The PUNCHes and PUNCH_ACKs p may get from the other peer's address (any
\* port of its public address, or its LAN address) on one of the sockets
\* socks, for any attempt: what the attacker forges (to the main socket)
\* and replays.
PunchPackets(p, socks) ==
    {[Pkt(k, from, s) EXCEPT !.att = a] :
        k \in PunchKinds,
        from \in {Ep(Other(p), port) : port \in Ports} \cup {Ep(LanHost(Other(p)), x) : x \in Sockets},
        s \in socks,
        a \in 1..INTROS}
ForgedPackets(p) == PunchPackets(p, {Main})
\* The INTROs the attacker can make for p: the other peer at its address and
\* type, for any attempt; what differs is the key it names (its own).
ForgedIntros(p) ==
    {[Pkt("INTRO", Ep("I1", 1), Main) EXCEPT !.ep = Ep(Other(p), Main), !.nat = TypeOf(Other(p)),
                                               !.att = a] : a \in 1..INTROS}

VARIABLES
    regKey,     \* the key that proved each peer's registration at I1 (NoKey: none)
    peerKeyOf,  \* per attempt, the PEERKEY the INTRO to each peer carries
    introKey,   \* the PEERKEY of the INTRO that opened each peer's attempt
    forged,     \* the attacker's packets in each peer's inbox
    prover,     \* ghost: each confirmed path and the key that sealed the packet
                \* that confirmed it
    seen,       \* the PUNCHes and PUNCH_ACKs seen reaching a peer: [to, pkt]
    refused,    \* ghost: a peer or I1 dropped something of the attacker's
    relayForged,\* the relayed data packets the relay wrote in A's name, in flight
    relaySealers\* ghost: the keys that sealed the relayed data packets B took

keyVars == <<regKey, peerKeyOf, introKey, forged, prover, seen, refused, relayForged, relaySealers>>
allVars == <<vars, keyVars>>

-----------------------------------------------------------------------------
(* Guards the peers and I1 check; the mutants override them.               *)
\* A peer opens a PUNCH or PUNCH_ACK sealed with key k only when k is the
\* key its attempt's INTRO named.
SealedByIntroducedKey(p, k) == introKey[p] = k
\* A handshake's UUID is the id of the key it proved (id_not_of_key).
IdOfKey(k, x) == k = x
\* A peer takes an INTRO sealed with key k only when k is I1's (the INTRO
\* comes in the peer's session with I1).
SealedByIntroducer(k) == k = "I1"
\* B opens a packet relayed in x's name (FROMID x) only when x's key sealed
\* it: in their relayed session, made by a handshake with x's key.
SealedByRelayedPeer(k, x) == k = x

-----------------------------------------------------------------------------
KInit ==
    /\ Init
    /\ regKey = [x \in Peers |-> IF START = "classified" THEN x ELSE NoKey]
    /\ peerKeyOf = [a \in Attempts |-> [x \in Peers |-> NoKey]]
    /\ introKey = [x \in Peers |-> NoKey]
    /\ forged = [x \in Peers |-> {}]
    /\ prover = [x \in Peers |-> {}]
    /\ seen = {}
    /\ refused = FALSE
    /\ relayForged = {}
    /\ relaySealers = {}

\* Who sealed what p took from its inbox in this step: the attacker when it
\* was one of its packets, else the other peer.
Sealer(p) == IF (inbox[p] \ inbox'[p]) \cap forged[p] # {} THEN Attacker ELSE Other(p)

\* A relayed data packet that left the network in a step that lost
\* nothing was taken by B: sealed by the relay when it wrote it, else by A.
RelayGhosts ==
    /\ relayForged' = relayForged \cap dataNet'
    /\ relaySealers' = IF lost' = lost
                         THEN relaySealers \cup {IF m \in relayForged THEN "I1" ELSE "A" :
                                                  m \in {x \in dataNet \ dataNet' : x.path = "relay"}}
                         ELSE relaySealers

\* The keys over an honest step of NatTraversal: a registration I1 changed
\* came in the peer's own session; an introduction's INTROs carry the keys
\* the registrations are bound to; a new attempt takes its INTRO's PEERKEY;
\* a confirmed path is proven by whoever sealed the packet that confirmed
\* it; every PUNCH and PUNCH_ACK that reached a peer is seen.
Ghosts ==
    /\ regKey' = [x \in Peers |-> IF reg'[x] # reg[x] THEN x ELSE regKey[x]]
    /\ peerKeyOf' = IF asked' # asked
                      THEN [peerKeyOf EXCEPT ![asked'] = [x \in Peers |-> regKey[Other(x)]]]
                      ELSE peerKeyOf
    /\ introKey' = [x \in Peers |->
                      IF att'[x] = 0 THEN NoKey
                      ELSE IF att'[x] = att[x] THEN introKey[x]
                      ELSE IF \E m \in forged[x] : m.kind = "INTRO" /\ m.att = att'[x] THEN Attacker
                      ELSE peerKeyOf[att'[x]][x]]
    /\ forged' = [x \in Peers |-> forged[x] \cap inbox'[x]]
    /\ prover' = [x \in Peers |->
                    {y \in prover[x] : y.path \in confirmed'[x]}
                      \cup {[path |-> z, key |-> Sealer(x)] : z \in confirmed'[x] \ confirmed[x]}]
    /\ seen' = seen \cup UNION {{[to |-> x, pkt |-> m] :
                                     m \in {y \in inbox'[x] \ inbox[x] : y.kind \in PunchKinds}}
                                   : x \in Peers}
    /\ UNCHANGED refused
    /\ RelayGhosts

\* The steps the invariants are about, named for the coverage gate; every
\* other step of NatTraversal is HonestStep.
KRequestIntro(p) == RequestIntro(p) /\ Ghosts
KReceiveIntro(p) == ReceiveIntro(p) /\ Ghosts
KReceivePunch(p) == ReceivePunch(p) /\ Ghosts
KPathConfirmed(p) == PathConfirmed(p) /\ Ghosts
HonestStep == Next /\ Ghosts

\* The attacker sends p a packet of its own, sealed with its key at best:
\* p opens it only when its attempt's INTRO named the attacker's key.
Forge(p, m) ==
    /\ SealedByIntroducedKey(p, Attacker)
    /\ inbox' = [inbox EXCEPT ![p] = @ \cup {m}]
    /\ forged' = [forged EXCEPT ![p] = @ \cup {m}]
    /\ UNCHANGED <<natTab, pong, testSeen, cls, reg, asked, filtered, attemptVars, linkVars,
                   lost, dataVars, regKey, peerKeyOf, introKey, prover, seen, refused, relayForged, relaySealers>>

\* Otherwise p drops it (seal_open_failed), whichever it is: one step for
\* all of them.
ForgeDropped(p) ==
    /\ ~SealedByIntroducedKey(p, Attacker)
    /\ refused' = TRUE
    /\ UNCHANGED <<vars, regKey, peerKeyOf, introKey, forged, prover, seen, relayForged, relaySealers>>

\* The attacker sends p an INTRO of its own, naming its own key as the
\* other peer's: p opens it only if it takes the attacker's key for I1's.
ForgeIntro(p, m) ==
    /\ IF SealedByIntroducer(Attacker)
         THEN /\ inbox' = [inbox EXCEPT ![p] = @ \cup {m}]
              /\ forged' = [forged EXCEPT ![p] = @ \cup {m}]
              /\ UNCHANGED refused
         ELSE /\ refused' = TRUE
              /\ UNCHANGED <<inbox, forged>>
    /\ UNCHANGED <<natTab, pong, testSeen, cls, reg, asked, filtered, attemptVars, linkVars,
                   lost, dataVars, regKey, peerKeyOf, introKey, prover, seen, relayForged, relaySealers>>

\* The attacker replays a packet the other peer sealed: p opens it when its
\* attempt's INTRO named the other peer's key.
Replay(p, m) ==
    /\ [to |-> p, pkt |-> m] \in seen
    /\ IF SealedByIntroducedKey(p, Other(p))
         THEN /\ inbox' = [inbox EXCEPT ![p] = @ \cup {m}]
              /\ UNCHANGED refused
         ELSE /\ refused' = TRUE
              /\ UNCHANGED inbox
    /\ UNCHANGED <<natTab, pong, testSeen, cls, reg, asked, filtered, attemptVars, linkVars,
                   lost, dataVars, regKey, peerKeyOf, introKey, forged, prover, seen, relayForged, relaySealers>>

\* The attacker runs a handshake with I1 with its own key, claiming x's id,
\* and pings in that session (from x's address, spoofed). I1 keeps it only
\* when the id is the key's, and then binds x's registration to that key.
ClaimRegistration(x) ==
    /\ IF IdOfKey(Attacker, x)
         THEN /\ regKey' = [regKey EXCEPT ![x] = Attacker]
              /\ UNCHANGED refused
         ELSE /\ refused' = TRUE
              /\ UNCHANGED regKey
    /\ UNCHANGED <<vars, peerKeyOf, introKey, forged, prover, seen, relayForged, relaySealers>>

\* The relay writes relayed data packet m in A's name, sealed with I1's key
\* at best: B's session layer hands it on only if it takes I1's key for
\* A's, else drops it (relayed_not_sealed, seal_open_failed).
RelayForge(m) ==
    /\ m \notin dataNet
    /\ IF SealedByRelayedPeer("I1", "A")
         THEN /\ dataNet' = dataNet \cup {m}
              /\ relayForged' = relayForged \cup {m}
              /\ UNCHANGED refused
         ELSE /\ refused' = TRUE
              /\ UNCHANGED <<dataNet, relayForged>>
    /\ UNCHANGED <<natVars, attemptVars, linkVars, lost, sent, rcvNext, rcvBuf, delivered, acked, viaRelay,
                   regKey, peerKeyOf, introKey, forged, prover, seen, relaySealers>>

KNext ==
    \/ \E p \in Peers : KRequestIntro(p) \/ KReceiveIntro(p) \/ KReceivePunch(p) \/ KPathConfirmed(p)
    \/ HonestStep
    \/ \E p \in Peers :
         \/ \E m \in ForgedPackets(p) : Forge(p, m)
         \/ ForgeDropped(p)
         \/ \E m \in ForgedIntros(p) : ForgeIntro(p, m)
         \/ \E m \in PunchPackets(p, Sockets) : Replay(p, m)
         \/ ClaimRegistration(p)
    \/ \E n \in 1..MSGS : RelayForge([seq |-> n, path |-> "relay"])

KSpec == KInit /\ [][KNext]_allVars

-----------------------------------------------------------------------------
KTypeOK ==
    /\ TypeOK
    /\ regKey \in [Peers -> Keys \cup {NoKey}]
    /\ peerKeyOf \in [Attempts -> [Peers -> Keys \cup {NoKey}]]
    /\ introKey \in [Peers -> Keys \cup {NoKey}]
    /\ forged \in [Peers -> SUBSET Packets]
    /\ prover \in [Peers -> SUBSET [path : Paths, key : Keys]]
    /\ seen \subseteq [to : Peers, pkt : Packets]
    /\ refused \in BOOLEAN
    /\ relayForged \subseteq DataPackets
    /\ relaySealers \subseteq Keys \cup {"I1"}

\* Safety: I1 binds a peer's registration only to the peer's own key.
RegistrationsBoundToProvers == \A x \in Peers : regKey[x] \in {NoKey, x}

\* Safety: an INTRO names, as the introduced peer's key, only the key of
\* that peer, and so does every attempt it opened.
IntroductionsNameProvenKeys ==
    /\ \A a \in Attempts, x \in Peers : peerKeyOf[a][x] \in {NoKey, Other(x)}
    /\ \A x \in Peers : introKey[x] \in {NoKey, Other(x)}

\* Safety: every path a peer confirmed was confirmed by a packet sealed
\* with the introduced peer's key, which its attempt's INTRO named.
ConfirmedPathsProven ==
    \A p \in Peers : \A y \in prover[p] : y.key = Other(p) /\ y.key = introKey[p]

\* Safety: every packet B took through the relay in A's name was sealed by
\* A's key: the relay, which reads and writes what it relays, made none.
RelayedDataProven == relaySealers \subseteq {"A"}
=============================================================================
