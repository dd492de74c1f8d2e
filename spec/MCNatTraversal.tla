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

\* Mutant: a confirmed path is recorded from the main socket, not from the
\* socket the PUNCH came in on (a birthday opener socket on the Hard side).
MutantConfirmedSock(m) == Main

\* Mutant: the receiver resynchronises on the direct path, taking the
\* first direct packet as the next message.
MutantExpectedNext(m) == IF m.path = "direct" THEN m.seq ELSE rcvNext

\* Mutant: an INTRO with a lower attempt id replaces the open attempt (the
\* last INTRO wins instead of the highest id).
MutantStaleIntro(p, m) == FALSE

\* Mutant: a mapped peer punches like any Static one: an opener at the
\* INTRO and punches from the punch delay on. Its opener maps the main port
\* toward the other side on a port of the NAT's choosing, and the gateway
\* then drops the other side's punches to the mapped port (the clash).
MutantSkipsOpeners(p, s) == FALSE

\* Mutant: the peer reports the type its check found (Hard), not Static by
\* its mapping: an Easy peer takes the birthday strategy against it.
MutantStaticByMapping(p) == FALSE

\* Mutant: I1 introduces a mapped peer where its pings come from, not at
\* its mapped address.
MutantReachableAt(r) == r.ep

\* Mutant: the data steps are fair only together, so A may resend one
\* message forever and never the one that was lost.
MutantDataFairnessSpec ==
    /\ Init /\ [][Next]_vars
    /\ \A p \in Peers :
         /\ WF_vars(PeerStep(p)) /\ WF_vars(ExpireEntry(p))
         /\ WF_vars(ReceivePunch(p)) /\ WF_vars(PathConfirmed(p)) /\ WF_vars(ReceiveIntro(p))
         /\ WF_vars(AnswerOnPath(p)) /\ WF_vars(DropStray(p))
         /\ WF_vars(PathSilent(p) /\ FallbackToRelay(p))
    /\ WF_vars(SendData \/ (\E m \in DataPackets : ReceiveData(m)) \/ \E n \in 1..MSGS : ResendData(n))
=============================================================================
