package org.ptpmesh.trace;

/** The actions of spec/BulkTransfer.tla the transfer endpoints log, each under its TLA+ name. */
public enum BulkTransferAction implements TraceAction {
    RECEIVE_OFFER("ReceiveOffer"),
    REQUEST_BLOCK("RequestBlock"),
    RECEIVE_BLOCK("ReceiveBlock"),
    REQUEST_TIMEOUT("RequestTimeout"),
    DETECT_LOSS("DetectLoss"),
    SHRINK_WINDOW("ShrinkWindow"),
    COMPLETE("Complete"),
    SERVE_BLOCK("ServeBlock"),
    RECEIVE_DONE("ReceiveDone"),
    SENDER_IDLE_TICK("SenderIdleTick"),
    FORGET_TRANSFER("ForgetTransfer");

    private final String actionName;

    BulkTransferAction(String actionName) {
        this.actionName = actionName;
    }

    @Override
    public String actionName() {
        return actionName;
    }
}
