---------------------------- MODULE MBTConnect ----------------------------
(* The connecting part of NatTraversal after the NAT check (introduction,  *)
(* punching, confirmation, the relay), as a state graph for the           *)
(* model-based tests of two peers connecting (conformance:                *)
(* org.ptpmesh.conformance.mbt.ConnectModelBasedTest). Conntrack's expiry, *)
(* the fallback and application data take no step. The core moves the     *)
(* link in the step that confirms a path, where the model may upgrade     *)
(* later: the model already counts a confirmed path as the one taken      *)
(* (OnDirectPath), so the steps between the two are the core's too.       *)
EXTENDS NatTraversal

ConnectNext ==
    \E p \in Peers :
        \/ RequestIntro(p) \/ ReceiveIntro(p) \/ GiveUpIntro(p)
        \/ SendOpener(p) \/ PunchTimer(p) \/ ReceivePunch(p) \/ AnswerOnPath(p)
        \/ PathConfirmed(p) \/ DropStray(p) \/ UpgradeToDirect(p) \/ GiveUpPunch(p)
=============================================================================
