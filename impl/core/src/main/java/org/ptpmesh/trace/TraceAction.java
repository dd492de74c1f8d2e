package org.ptpmesh.trace;

/**
 * A step a node logs, as one constant of a vocabulary enum: one enum per specification in spec/
 * ({@link NatTraversalAction}, {@link KeepaliveAction}, {@link RendezvousAction},
 * {@link BulkTransferAction}) whose constants carry the TLA+ action names exactly, and
 * {@link DiagnosticEvent} for what no specification models. A trace line's {@code event} is
 * {@link #actionName()}, so a trace mapping finds the model action by looking the name up.
 */
public interface TraceAction {

    /** The name written to the trace: the TLA+ action name for a specification's step. */
    String actionName();
}
