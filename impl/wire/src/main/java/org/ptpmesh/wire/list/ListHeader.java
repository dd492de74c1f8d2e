package org.ptpmesh.wire.list;

import org.ptpmesh.wire.Endpoint;

/**
 * The fields every page of a client list repeats, as ptptest 2014 sends them: server version,
 * the server's sequence number, the addressee's UUID, the server's MYTS, and the addressee's
 * address as the server sees it (YOURADDR).
 */
public record ListHeader(int serverVersion, long sequence, byte[] addresseeId, long myts, Endpoint yourAddress) {

    public ListHeader {
        addresseeId = addresseeId.clone();
    }

    @Override
    public byte[] addresseeId() {
        return addresseeId.clone();
    }
}
