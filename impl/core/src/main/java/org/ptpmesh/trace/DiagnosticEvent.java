package org.ptpmesh.trace;

/**
 * What nodes log that no specification models: starts, causes of a new NAT check, answers and
 * checks outside the models' grain, refusals. Trace mappings replay none of these as a model
 * action; the keepalive mapping uses {@link #SEND_KEEPALIVE} and {@link #PEER_STATE_CHANGE} as
 * checks of the state the model reached.
 */
public enum DiagnosticEvent implements TraceAction {
    /** A node bound its ports and set its first timers. */
    START("Start"),

    // peer: NAT check around the model's steps
    CALCULATE_NAT("CalculateNat"),
    RETRY_PING("RetryPing"),
    /** After classifying, a ping to each introducer that tells it the NAT type (introductions depend on it). */
    REPORT_NAT("ReportNat"),
    INTERFACE_CHANGE("InterfaceChange"),
    WAKEUP("Wakeup"),
    RECEIVE_INTRO_ERROR("ReceiveIntroError"),
    /** A PING from a peer this one knows, answered with a PONG. */
    RECEIVE_PING("ReceivePing"),
    /** The direct path stopped answering: data goes back through the relay. */
    FALLBACK_TO_RELAY("FallbackToRelay"),
    /** A dual-stack peer moved a remote's application data to the other family's path. */
    PATH_CHOSEN("PathChosen"),
    // peer: liveness
    /** The keepalive of one tracked peer at a keepalive tick (a PING for an introducer). */
    SEND_KEEPALIVE("SendKeepalive"),
    PEER_STATE_CHANGE("PeerStateChange"),
    FORGET_PEER("ForgetPeer"),

    // introducer
    /** A peer's PING reached the introducer: registered or refreshed, answered with PONG and TEST. */
    ANSWER_PING("AnswerPing"),
    /** A PING from an address not validated yet, answered with a PONG carrying a cookie, no TEST. */
    CHALLENGE_PING("ChallengePing"),
    INTRO("Intro"),
    INTRO_ERROR("IntroError"),
    RELAY("Relay"),
    /** A registration went silent for too long and was dropped. */
    PURGE_REGISTRATION("PurgeRegistration"),

    // mesh client and rendezvous server, outside spec/Rendezvous.tla
    /** A REGISTER from an address not validated yet, answered with a cookie to echo (no list before). */
    CHALLENGE("Challenge"),
    /** A node echoed a cookie it was challenged with, to prove its address. */
    ANSWER_CHALLENGE("AnswerChallenge"),
    NAT_REPORTED("NatReported"),
    /** A mesh client changed how it registers: "full" (its server sent MSGKIND) or "ptptest" (its server went silent). */
    REGISTER_FORM("RegisterForm"),
    PROBE("Probe"),
    RECEIVE_PROBE("ReceiveProbe"),
    RECEIVE_ECHO("ReceiveEcho"),

    // peer: port mapping (org.ptpmesh.portmap)
    /** A PCP or NAT-PMP request to the gateway: protocol, attempt, whether it renews a mapping. */
    PORT_MAP_REQUEST("PortMapRequest"),
    /** The gateway granted (or renewed) a mapping: protocol, external address, lifetime. */
    PORT_MAPPED("PortMapped"),
    /** A mapping in use is gone: not renewed before expiry, or refused at renewal. */
    PORT_MAP_LOST("PortMapLost"),
    /** No protocol got a mapping: each one's outcome. */
    PORT_MAP_UNAVAILABLE("PortMapUnavailable"),
    /** The mapping was deleted at shutdown. */
    PORT_MAP_DELETE("PortMapDelete"),

    // any node that counts refused datagrams (org.ptpmesh.node.DropLog)
    /** One refused datagram: its reason and source. */
    DROP("Drop"),
    /** How many refused datagrams were counted but not traced one by one (over the per-second budget). */
    DROPS_UNLOGGED("DropsUnlogged"),

    // session layer (org.ptpmesh.secure)
    /** A HANDSHAKE_INIT sent to an endpoint that must be reached sealed: pattern, attempt. */
    HANDSHAKE_INIT("HandshakeInit"),
    /** A handshake completed: the peer's id, both indexes, who initiated. */
    SESSION_OPEN("SessionOpen"),
    /** An XX handshake revealed an introducer key the trust store refused: the attempt ended. */
    INTRODUCER_KEY_REFUSED("IntroducerKeyRefused"),
    /** No answer to the last HANDSHAKE_INIT: what was queued for the endpoint is dropped. */
    HANDSHAKE_GAVE_UP("HandshakeGaveUp"),

    // bulk transfer, outside spec/BulkTransfer.tla
    SEND_OFFER("SendOffer"),
    REFUSE_OFFER("RefuseOffer"),
    SEND_FETCH("SendFetch"),
    REFUSE_FETCH("RefuseFetch"),
    INTEGRITY_FAILURE("IntegrityFailure"),
    RECEIVE_CANCEL("ReceiveCancel"),
    SEND_RETRY("SendRetry"),
    REQUEST_HASHES("RequestHashes"),
    RECEIVE_HASHES("ReceiveHashes"),
    SERVE_HASHES("ServeHashes"),
    EVICT_TRANSFER("EvictTransfer");

    private final String actionName;

    DiagnosticEvent(String actionName) {
        this.actionName = actionName;
    }

    @Override
    public String actionName() {
        return actionName;
    }
}
