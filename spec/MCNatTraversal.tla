---------------------------- MODULE MCNatTraversal ----------------------------
(* Model-checking harness for NatTraversal: mutants, swapped in with "<-". *)
EXTENDS NatTraversal

\* Mutant: the NAT type is decided on the first pong, without waiting for
\* the second (one pong cannot show that ports differ, so Hard looks Easy).
MutantClassifyReady(p) == testSeen[p] \/ \E i \in Introducers : pong[p][i] # 0

\* Mutant: the upgrade does not wait for a confirmed path and sends direct
\* data to the endpoint the introduction gave.
MutantDirectPathOk(p) == TRUE
MutantUpgradeCandidates(p) == {[sock |-> Main, ep |-> peerInfo[p].ep]}

\* Mutant: the receiver resynchronises on the direct path, taking the
\* first direct packet as the next message.
MutantExpectedNext(m) == IF m.path = "direct" THEN m.seq ELSE rcvNext
=============================================================================
