------------------------- MODULE MCKeyedNatTraversal -------------------------
(* Model-checking harness for KeyedNatTraversal: mutants, swapped in with  *)
(* "<-".                                                                   *)
EXTENDS KeyedNatTraversal

\* Mutant: the possession proof skipped: a peer takes a PUNCH or PUNCH_ACK
\* whoever sealed it (or sent it plain), so a path is confirmed without the
\* handshake with the introduced key.
MutantSealedByIntroducedKey(p, k) == TRUE

\* Mutant: I1 keeps a handshake whose UUID is not the id of the key it
\* proved: the attacker's key holds a peer's registration, and the INTRO to
\* the other peer names it.
MutantIdOfKey(k, x) == TRUE

\* Mutant: a peer takes an INTRO whoever sealed it (or sent it plain): the
\* attacker's INTRO names its own key as the other peer's.
MutantSealedByIntroducer(k) == TRUE

\* Mutant: B takes a relayed packet whoever sealed it (or sent it plain),
\* so the relay's own packet passes for A's.
MutantSealedByRelayedPeer(k, x) == TRUE
=============================================================================
