---------------------------- MODULE MCBulkTransfer ----------------------------
(* Model-checking harness for BulkTransfer: mutants, swapped in with "<-". *)
EXTENDS BulkTransfer

\* The objects the models move (a .cfg file cannot write a sequence).
ThreeBlocks == <<"a", "b", "c">>
FourBlocks == <<"a", "b", "c", "d">>

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
