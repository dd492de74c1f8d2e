package org.ptpmesh.cli;

import picocli.CommandLine;
import org.ptpmesh.wire.Datagram;

/** Prints the implementation and wire protocol versions. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String impl = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {
            "ptpmesh " + (impl == null ? "development build" : impl),
            "wire protocol version " + Datagram.VERSION + ", max datagram " + Datagram.MAX_SIZE + " bytes"
        };
    }
}
