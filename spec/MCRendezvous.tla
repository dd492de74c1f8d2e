----------------------------- MODULE MCRendezvous -----------------------------
(* Model-checking harness for Rendezvous: mutants, swapped in with "<-".  *)
EXTENDS Rendezvous

\* Mutant: the server publishes without running the purge check first.
MutantRegistryPurged == TRUE

\* Mutant: a departure is not published at once; clients learn of it at the
\* next periodic publish.
MutantAnnounceDeparture == FALSE

\* Mutant: the pager rounds the page count down, so a last page that is not
\* full is never sent (and the client, told the smaller count, thinks the
\* list complete without it).
MutantPageCount(list) ==
    IF Cardinality(list) < PAGE THEN 1 ELSE Cardinality(list) \div PAGE

\* Mutant: the client ignores the publication number (LISTID): a page joins
\* the pages it holds whichever publication they came from, so pages of two
\* different lists make one (a departed client stays listed).
MutantSamePublication(c) == TRUE
=============================================================================
