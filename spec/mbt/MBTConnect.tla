---------------------------- MODULE MBTConnect ----------------------------
(* The connecting part of NatTraversal after the NAT check (introduction,  *)
(* punching, confirmation, the relay), as a state graph for the           *)
(* model-based tests of two peers connecting (conformance:                *)
(* org.ptpmesh.conformance.mbt.ConnectModelBasedTest). Restricted to the   *)
(* core's choices where the model leaves them open: the core moves the    *)
(* link to the path it confirms in the confirming step, so UpgradeToDirect *)
(* comes right after a confirmation, before any other step; conntrack's    *)
(* expiry and application data take no step.                               *)
EXTENDS NatTraversal

\* A peer confirmed a path its link has not moved to yet.
UpgradeDue(p) ==
    mode[p] = "relay" /\ phase[p] = "direct" /\ strat[p] # "relay" /\ DirectPathOk(p)

ConnectStep(p) ==
    \/ RequestIntro(p) \/ ReceiveIntro(p) \/ GiveUpIntro(p)
    \/ SendOpener(p) \/ PunchTimer(p) \/ ReceivePunch(p) \/ AnswerOnPath(p)
    \/ PathConfirmed(p) \/ DropStray(p) \/ GiveUpPunch(p)

ConnectNext ==
    IF \E p \in Peers : UpgradeDue(p)
      THEN \E p \in Peers : UpgradeDue(p) /\ UpgradeToDirect(p)
      ELSE \E p \in Peers : ConnectStep(p)
=============================================================================
