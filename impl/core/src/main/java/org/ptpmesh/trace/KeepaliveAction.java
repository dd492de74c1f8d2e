package org.ptpmesh.trace;

/** The actions of spec/Keepalive.tla a peer logs, each under its TLA+ name. */
public enum KeepaliveAction implements TraceAction {
    /** The keepalive timer: every tracked peer gets a keepalive ({@link DiagnosticEvent#SEND_KEEPALIVE} each). */
    KEEP_ALIVE_TICK("KeepAliveTick"),
    /** The retry timer of one peer: its keepalive went unanswered and is sent again. */
    RETRY_KEEPALIVE("RetryKeepalive"),
    /** A KEEPALIVE_ACK from a peer (an introducer answers its keepalive ping with a PONG instead). */
    RECEIVE_KEEPALIVE_ACK("ReceiveKeepaliveAck");

    private final String actionName;

    KeepaliveAction(String actionName) {
        this.actionName = actionName;
    }

    @Override
    public String actionName() {
        return actionName;
    }
}
