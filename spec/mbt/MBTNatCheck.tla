---------------------------- MODULE MBTNatCheck ----------------------------
(* The NAT check of NatTraversal for peer A alone, as a state graph for the *)
(* model-based tests of the peer's classification (conformance:            *)
(* org.ptpmesh.conformance.mbt.NatCheckModelBasedTest). B and the punching *)
(* actions take no step.                                                   *)
EXTENDS NatTraversal

NatCheckNext ==
    \/ \E i \in Introducers : SendPing("A", i)
    \/ ReceivePong("A")
    \/ ReceiveTest("A")
    \/ ClassifyNat("A")
=============================================================================
