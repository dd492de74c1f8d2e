package org.ptpmesh.portmap.upnp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Optional;

/**
 * Finds the gateway's device description: an M-SEARCH for each port-mapping service, to the
 * SSDP multicast group and to the gateway's own SSDP port (some routers answer only one of the
 * two), then the first answer from the gateway whose LOCATION is on the gateway. Answers from
 * any other address are not read further; a LOCATION elsewhere is refused ({@link GatewayHost}).
 */
final class SsdpSearch {

    private final UpnpSettings settings;

    SsdpSearch(UpnpSettings settings) {
        this.settings = settings;
    }

    /** The gateway's device description URL; a typed error when none came in time. */
    URI locate(InetAddress gateway, InetAddress via) throws UpnpException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(via, 0))) {
            sendSearches(socket, gateway);
            return awaitAnswer(socket, gateway);
        } catch (UpnpException e) {
            throw e;
        } catch (IOException e) {
            throw new UpnpException(UpnpException.Kind.NO_ANSWER, "SSDP search failed: " + e.getMessage(), e);
        }
    }

    private void sendSearches(DatagramSocket socket, InetAddress gateway) throws IOException {
        InetSocketAddress unicast = new InetSocketAddress(gateway, settings.ssdpUnicastPort());
        boolean sent = false;
        for (String service : SsdpMessages.SERVICES) {
            byte[] search = SsdpMessages.search(service);
            for (InetSocketAddress to : new InetSocketAddress[] {settings.ssdpGroup(), unicast}) {
                try {
                    socket.send(new DatagramPacket(search, search.length, to));
                    sent = true;
                } catch (IOException e) {
                    // no route for multicast on this host: the unicast search may still go
                }
            }
        }
        if (!sent) {
            throw new IOException("no search could be sent");
        }
    }

    private URI awaitAnswer(DatagramSocket socket, InetAddress gateway) throws IOException {
        long deadline = System.nanoTime() + settings.ssdpWaitMillis() * 1_000_000;
        byte[] buffer = new byte[UpnpLimits.MAX_SSDP_BYTES];
        UpnpException refused = null;
        for (int read = 0; read < UpnpLimits.MAX_SSDP_ANSWERS; read++) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            socket.setSoTimeout((int) left);
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                break;
            }
            if (!packet.getAddress().equals(gateway)) {
                continue;
            }
            Optional<SsdpMessages.Answer> answer = SsdpMessages.parse(packet.getData(), packet.getLength());
            if (answer.isEmpty() || !SsdpMessages.SERVICES.contains(answer.get().searchTarget())) {
                continue;
            }
            try {
                return GatewayHost.check(answer.get().location(), gateway);
            } catch (UpnpException e) {
                refused = e;
            }
        }
        if (refused != null) {
            throw refused;
        }
        throw new UpnpException(UpnpException.Kind.NO_ANSWER, "no IGD answered the SSDP search in "
                + settings.ssdpWaitMillis() + " ms");
    }
}
