package org.ptpmesh.wire.json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Datagrams the original ptptest 2014 client and server sent each other (ptptest-2014.hex says how they were captured). */
public final class Ptptest2014Datagrams {

    private Ptptest2014Datagrams() {
    }

    /** One datagram a line, in hex, in the order sent. */
    public static List<String> hex() throws IOException {
        try (InputStream in = Ptptest2014Datagrams.class.getResourceAsStream("ptptest-2014.hex")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }
}
