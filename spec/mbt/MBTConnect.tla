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

\* Birthday, Easy side: the core draws each probe's port among those it has
\* not probed in the attempt (Attempt.probedPorts), where SendProbe may pick
\* one twice. A probed port is one the Easy side's NAT table holds a
\* destination for: the probe side sends nothing else to the Hard side's
\* address, and a lost probe has crossed its own NAT too.
Probed(p, port) == \E e \in natTab[p] : e.rem = Ep(Other(p), port) /\ e.loc = Main
SendProbeOnce(p, port) == ~Probed(p, port) /\ SendProbe(p, port)

ConnectNext ==
    \E p \in Peers :
        \/ RequestIntro(p) \/ ReceiveIntro(p) \/ GiveUpIntro(p)
        \/ SendOpener(p) \/ PunchTimer(p) \/ ReceivePunch(p) \/ AnswerOnPath(p)
        \/ PathConfirmed(p) \/ DropStray(p) \/ UpgradeToDirect(p) \/ GiveUpPunch(p)
        \/ OpenPort(p) \/ \E port \in Ports : SendProbeOnce(p, port)
=============================================================================
