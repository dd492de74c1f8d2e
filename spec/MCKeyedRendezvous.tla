--------------------------- MODULE MCKeyedRendezvous ---------------------------
(* Model-checking harness for KeyedRendezvous: mutants, swapped in with    *)
(* "<-".                                                                   *)
EXTENDS KeyedRendezvous

\* Mutant: the possession proof skipped: a plain REGISTER with the id of a
\* keyed registration is taken, so the registration is refreshed (from the
\* sender's address) without the handshake of its key.
MutantPlainClaimDropped(i) == FALSE

\* Mutant: the server keeps a handshake whose UUID is not the id of the key
\* it proved: a session of the attacker's key speaks for a client's id.
MutantIdOfKey(k, i) == TRUE
=============================================================================
