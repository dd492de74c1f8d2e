package org.ptpmesh.trace;

/** The actions of spec/Rendezvous.tla the rendezvous server and its clients log, each under its TLA+ name. */
public enum RendezvousAction implements TraceAction {
    SEND_REGISTER("SendRegister"),
    SHUTDOWN("Shutdown"),
    RECEIVE_LIST("ReceiveList"),
    REGISTER("Register"),
    UNREGISTER("Unregister"),
    PURGE("Purge"),
    PUBLISH("Publish");

    private final String actionName;

    RendezvousAction(String actionName) {
        this.actionName = actionName;
    }

    @Override
    public String actionName() {
        return actionName;
    }
}
