package org.ptpmesh.conformance.interop;

/**
 * The adapter contract (docs/conformance.md): how the runner starts an implementation for one
 * role of one case. The command runs under {@code sh -c} with these variables in its
 * environment; a peer prints one JSON object on its last stdout line and exits 0; an introducer
 * prints {@code {"ready":true}} once it is bound and runs until it is stopped (SIGTERM). Exit
 * status {@link #EXIT_UNSUPPORTED} means "this implementation does not support the case".
 */
public final class AdapterContract {

    /** Exit status of an adapter for a case it does not support (the shell's "command not found"). */
    public static final int EXIT_UNSUPPORTED = 127;

    /** The case name: discovery, nat-classify, ... */
    public static final String CASE = "PTP_CASE";
    /** introducer, peer-a or peer-b. */
    public static final String ROLE = "PTP_ROLE";
    /** HOST:PORT the role binds its main UDP socket to. */
    public static final String BIND = "PTP_BIND";
    /** The port on the same host where a peer expects the introducers' TEST (nat-classify). */
    public static final String TEST_PORT = "PTP_TEST_PORT";
    /** The introducers, HOST:PORT separated by commas (the first is the rendezvous server). */
    public static final String INTRODUCERS = "PTP_INTRODUCERS";
    /** This role's peer id, 32 hex digits. */
    public static final String ID = "PTP_ID";
    /** The other peer's HOST:PORT, and its peer id. */
    public static final String PEER = "PTP_PEER";
    public static final String PEER_ID = "PTP_PEER_ID";
    /** A fresh directory the role may write to. */
    public static final String WORKDIR = "PTP_WORKDIR";
    /** Seconds the role may take; after them the runner stops it. */
    public static final String TIMEOUT = "PTP_TIMEOUT";
    /** Seconds of silence after which a peer counts as gone (introducers purge, peers expect it). */
    public static final String EXPIRY = "PTP_EXPIRY";
    /** 1: peers must not try a direct path (relay). */
    public static final String FORCE_RELAY = "PTP_FORCE_RELAY";
    /** transfer: the file peer-a sends to peer-b. */
    public static final String FILE = "PTP_FILE";
    /** loopback or lab. */
    public static final String NETWORK = "PTP_NETWORK";

    private AdapterContract() {
    }
}
