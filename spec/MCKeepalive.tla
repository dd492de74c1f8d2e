----------------------------- MODULE MCKeepalive -----------------------------
(* Model-checking harness for Keepalive: the mutants live here, never in the *)
(* spec itself, and are swapped in by the .cfg files with "<-".            *)
EXTENDS Keepalive

\* Mutant: ">=" instead of the introducer design's strict ">" at every threshold.
MutantBeyondOrAt(s, half) == 2 * s >= half * KEEPALIVE

\* Mutant: the introducer exemption is missing, so introducers get forgotten.
MutantImplStateNoExemption(p, s) ==
    IF 2 * s > 10 * KEEPALIVE THEN "Forgotten"
    ELSE IF 2 * s > 6 * KEEPALIVE THEN "Missing"
    ELSE IF 2 * s > 3 * KEEPALIVE THEN "Inactive"
    ELSE "Active"

\* Mutant: the retry budget is not renewed at the keepalive, so once a round
\* has spent it, later rounds never retry and one lost ping costs a period.
MutantRetriesCarryOver(p) == retries[p]
=============================================================================
