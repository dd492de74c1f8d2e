package org.ptpmesh.trace;

/** The actions of spec/NatTraversal.tla a peer logs, each under its TLA+ name. */
public enum NatTraversalAction implements TraceAction {
    /** A NAT-check ping to an introducer (not a keepalive: see {@link DiagnosticEvent#SEND_KEEPALIVE}). */
    SEND_PING("SendPing"),
    /** A PONG from an introducer. */
    RECEIVE_PONG("ReceivePong"),
    RECEIVE_TEST("ReceiveTest"),
    CLASSIFY_NAT("ClassifyNat"),
    REQUEST_INTRO("RequestIntro"),
    RECEIVE_INTRO("ReceiveIntro"),
    RELAY_START("RelayStart"),
    SEND_OPENER("SendOpener"),
    OPEN_PORT("OpenPort"),
    SEND_PROBE("SendProbe"),
    PUNCH_TIMER("PunchTimer"),
    /** A PUNCH (a punch or birthday probe) from the other peer, answered with a PUNCH_ACK. */
    RECEIVE_PUNCH("ReceivePunch"),
    PATH_CONFIRMED("PathConfirmed"),
    UPGRADE_TO_DIRECT("UpgradeToDirect"),
    GIVE_UP_PUNCH("GiveUpPunch"),
    SEND_DATA("SendData"),
    RESEND_DATA("ResendData"),
    RECEIVE_DATA("ReceiveData");

    private final String actionName;

    NatTraversalAction(String actionName) {
        this.actionName = actionName;
    }

    @Override
    public String actionName() {
        return actionName;
    }
}
