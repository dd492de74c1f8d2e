package org.ptpmesh.conformance.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Where a case's roles run and what the runner expects of them, on whichever network.
 *
 * @param peerAddressForA PTP_PEER as peer-a sees it: peer-b's address, or a loss relay in front of it
 * @param network         PTP_NETWORK: loopback or lab
 * @param expectedNat     what nat-classify must report for peer-a
 * @param file            the file a transfer sends (null for other cases), and its SHA-256
 */
record CasePlan(List<RoleSite> introducers, RoleSite peerA, RoleSite peerB, String peerAddressForA, String network,
                String expectedNat, Path file, String fileSha256) {

    /** The size of PTP_FILE: a few hundred datagrams, enough for loss to matter, quick on loopback. */
    static final int TRANSFER_BYTES = 256 * 1024;

    /** Writes the transfer cases' PTP_FILE (the same pseudo-random bytes every run) into {@code dir}. */
    static Path transferFile(Path dir) throws IOException {
        byte[] bytes = new byte[TRANSFER_BYTES];
        new Random(7).nextBytes(bytes);
        return Files.write(dir.resolve("object.bin"), bytes);
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static boolean isTransfer(InteropCase c) {
        return c == InteropCase.TRANSFER || c == InteropCase.TRANSFER_LOSS;
    }
}
