----------------------------- MODULE MCRendezvous -----------------------------
(* Model-checking harness for Rendezvous: mutants, swapped in with "<-".  *)
EXTENDS Rendezvous

\* Mutant: the server publishes without running the purge check first.
MutantRegistryPurged == TRUE

\* Mutant: a departure is not published at once; clients learn of it at the
\* next periodic publish.
MutantAnnounceDeparture == FALSE
=============================================================================
