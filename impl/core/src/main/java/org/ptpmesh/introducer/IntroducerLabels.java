package org.ptpmesh.introducer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.wire.Endpoint;

/**
 * An introducer known only by where it listens. Peers recognise introducers by their endpoint,
 * so the id in their configuration is just a label; this one is derived from the endpoint, so
 * the same address always gets the same label.
 */
public final class IntroducerLabels {

    private IntroducerLabels() {
    }

    public static PeerIdentity of(Endpoint endpoint) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("ptpmesh introducer " + endpoint).getBytes(StandardCharsets.UTF_8));
            return new PeerIdentity(Arrays.copyOf(digest, 16), endpoint);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
