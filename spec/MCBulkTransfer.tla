---------------------------- MODULE MCBulkTransfer ----------------------------
(* Model-checking harness for BulkTransfer: mutants, swapped in with "<-". *)
EXTENDS BulkTransfer, TLC

\* The objects the models move (a .cfg file cannot write a sequence).
ThreeBlocks == <<"a", "b", "c">>
FourBlocks == <<"a", "b", "c", "d">>
\* The simulation's object: 32 blocks, two windows of the implementation's 16.
ThirtyTwoBlocks == [i \in 1..32 |-> IF i % 2 = 0 THEN "a" ELSE "b"]

\* Simulation: in each state TLC offers loss steps with probability 30/100,
\* the implementation's hardest tested loss rate (TLC's -seed fixes the draws).
SimulatedLoss == RandomElement(1..100) <= 30

\* Mutant: the receiver assumes blocks arrive in order and declares the
\* transfer complete when the last block is in; reordering defeats it.
MutantAllBlocksIn == have[BLOCKS] # NoBlock
\* Mutant: a duplicate block is accepted again.
MutantIsNewBlock(i) == TRUE
\* Mutant: the window shrinks on every lost block, as if loss were congestion.
MutantWindowAfterLoss(w) == IF w > 1 THEN w - 1 ELSE 1
\* Mutant: the window check is missing.
MutantWindowOpen == TRUE
=============================================================================
