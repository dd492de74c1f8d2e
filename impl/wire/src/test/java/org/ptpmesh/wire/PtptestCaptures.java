package org.ptpmesh.wire;

import java.util.HexFormat;

/**
 * Datagrams of the original ptptest 2014 (its ptpserver and three ptpclients, unmodified, under
 * Python 2.7 on 127.0.0.1, server on port 24115), captured with tshark, byte for byte: one
 * client's session from its first registration to its goodbye. docs/protocol.md section 10 lists
 * the same datagrams under "Captured from ptptest 2014".
 */
public final class PtptestCaptures {

    /** Client 127.0.0.1:36820 registers: CLIENTVER 2, SEQUENCE 0, UUID, PTPADDR, MYTS, META (its view of the server, as Python writes JSON). */
    public static final String REGISTER = "01020302030600000000041297b56106f1c511f1941a02fc0000000120087f0000018fd4080a6b15e39e24d4dc0023987b223132372e302e302e312d3234313135223a207b227374617473223a207b2261636b64223a20302c202272637664223a20302c202273656e74223a20302c2022727474223a20307d2c202273696e223a205b223132372e302e302e31222c2032343131355d2c20226e616d65223a20223132372e302e302e31222c20227473223a20313739363539363633382e3133393738357d7dee42";

    /** The server's echo of that MYTS: SERVERVER 2, SEQUENCE, the client's UUID, YOURTS; no YOURADDR. */
    public static final String SERVER_ECHO = "01010302030600000000041297b56106f1c511f1941a02fc00000001090a6b15e39e24d4dc0008c7";

    /** The server's list while the client is alone: no entry, CLIENTLEN 0. */
    public static final String LIST_EMPTY = "01010302030600000001041297b56106f1c511f1941a02fc00000001080a6b15e39e2597700042087f0000018fd4410300e321";

    /** The client's echo of that list's MYTS: CLIENTVER 2, SEQUENCE, the UUID the server sent it (its own), YOURTS. */
    public static final String CLIENT_ECHO_TO_SERVER = "01020302030600000001041297b56106f1c511f1941a02fc00000001090a6b15e39e259770007402";

    /** The list naming two others, each entry an EXT and (same public IP) an INT, then CLIENTLEN 2. */
    public static final String LIST_TWO = "01010302030600000006041297b56106f1c511f1941a02fc00000001080a6b15e3a035130c0042087f0000018fd440087f000001864943087f000001864940087f000001af5143087f000001af51410302c841";

    /** The client probes peer 127.0.0.1:34377: CLIENTVER 2, SEQUENCE, its own UUID, MYTS. */
    public static final String PROBE = "01020302030600000000041297b56106f1c511f1941a02fc00000001080a6b15e39f28f5b00031a4";

    /** The peer's answer: CLIENTVER 2, SEQUENCE, the peer's own UUID, YOURTS. */
    public static final String PEER_ECHO = "010203020306000000000412984c1e8ef1c511f1b84f02fc00000001090a6b15e39f28f5b0004e50";

    /**
     * The client's goodbye on SIGINT: its registration with SHUTDOWN (1 byte) in place of MYTS,
     * PTPADDR and META kept (the server's stats it had then).
     */
    public static final String SHUTDOWN = "0102030203060000000b041297b56106f1c511f1941a02fc0000000120087f0000018fd42d030123f37b223132372e302e302e312d3234313135223a207b227374617473223a207b2261636b64223a20342c202272637664223a2031312c202273656e74223a20342c20226c6f7374223a20302c2022727474223a20302e303031313732303635373334383633323831327d2c20226e616d65223a20223132372e302e302e31222c202273657175656e6365223a2032332c20227473223a20313739363539363636332e3431383238352c2022736572766572766572223a20322c202273696e223a205b223132372e302e302e31222c2032343131355d2c20226d797473223a20313739363539363636332e3431373734367d7d2c4e";

    /** The client's UUID (uuid1().bytes) in all of the above but {@link #PEER_ECHO}. */
    public static final String CLIENT_UUID = "97b56106f1c511f1941a02fc00000001";

    private PtptestCaptures() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
