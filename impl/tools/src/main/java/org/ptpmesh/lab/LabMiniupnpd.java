package org.ptpmesh.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's miniupnpd (package miniupnpd-nftables) on a NAT box's LAN side: a real router daemon
 * that answers PCP and NAT-PMP on port 5351, or only UPnP IGD (SSDP on port 1900, SOAP on an HTTP
 * port of its choosing) when {@link Settings#speakingOnlyUpnp}, and forwards the ports it grants
 * with nftables rules in the box's own table ({@link LabNat#TABLE}).
 */
public final class LabMiniupnpd implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/miniupnpd");
    private static final String READY = "Listening for NAT-PMP/PCP traffic on port 5351";
    private static final String READY_UPNP = "HTTP listening on port";

    /**
     * How a lab router answers.
     *
     * @param maxLifetimeSeconds the longest PCP lifetime it grants (a short one makes peers renew)
     * @param refuse             a router whose permission rules deny every mapping
     * @param upnpOnly           a router with UPnP IGD on and PCP and NAT-PMP off (many home routers)
     */
    public record Settings(long maxLifetimeSeconds, boolean refuse, boolean upnpOnly) {

        public static Settings defaults() {
            return new Settings(86_400, false, false);
        }

        public Settings withMaxLifetime(long seconds) {
            return new Settings(seconds, refuse, upnpOnly);
        }

        public Settings refusing() {
            return new Settings(maxLifetimeSeconds, true, upnpOnly);
        }

        public Settings speakingOnlyUpnp() {
            return new Settings(maxLifetimeSeconds, refuse, true);
        }
    }

    private final Process process;
    private final Path dir;

    private LabMiniupnpd(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** Whether miniupnpd is installed (Debian: apt-get install miniupnpd-nftables; ci/test installs it). */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts miniupnpd in {@code nat}'s namespace, serving its LAN; returns once it listens. */
    static LabMiniupnpd start(Netns nat, InetAddress lanNet, Settings settings) throws IOException {
        if (!installed()) {
            throw new LabException("miniupnpd is not installed (" + BINARY + " not found); Debian: apt-get install miniupnpd-nftables");
        }
        Path dir = Files.createTempDirectory("ptpmesh-lab-miniupnpd");
        Path conf = dir.resolve("miniupnpd.conf");
        String lan = lanNet.getHostAddress() + "/24";
        List<String> lines = new ArrayList<>(List.of(
                "ext_ifname=" + NftablesNatRouter.WAN, "listening_ip=" + NftablesNatRouter.LAN,
                "enable_natpmp=" + yesNo(!settings.upnpOnly()), "enable_upnp=" + yesNo(settings.upnpOnly()),
                // 0: a port of the daemon's choosing, which its SSDP answers name
                "http_port=0", "secure_mode=yes", "system_uptime=yes",
                "upnp_table_name=" + LabNat.TABLE, "upnp_nat_table_name=" + LabNat.TABLE,
                "min_lifetime=" + Math.min(120, settings.maxLifetimeSeconds() / 2), "max_lifetime=" + settings.maxLifetimeSeconds(),
                "uuid=3ce0b0b2-6f1c-4e6e-9f4a-" + String.format("%012x", ProcessHandle.current().pid())));
        lines.add(settings.refuse() ? "deny 0-65535 0.0.0.0/0 0-65535"
                : "allow 1024-65535 " + lan + " 1024-65535");
        lines.add("deny 0-65535 0.0.0.0/0 0-65535");
        Files.write(conf, lines);
        Path log = dir.resolve("miniupnpd.log");
        Process p = new ProcessBuilder("ip", "netns", "exec", nat.name(), BINARY.toString(), "-f", conf.toString(), "-d",
                "-P", dir.resolve("miniupnpd.pid").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LabMiniupnpd daemon = new LabMiniupnpd(p, dir);
        String ready = settings.upnpOnly() ? READY_UPNP : READY;
        if (!Await.until(10_000, () -> daemon.log().contains(ready) || !p.isAlive())) {
            daemon.close();
            throw new LabException("miniupnpd did not start listening within 10 s: " + daemon.log());
        }
        if (!p.isAlive()) {
            throw new LabException("miniupnpd exited at start: " + daemon.log());
        }
        return daemon;
    }

    private static String yesNo(boolean on) {
        return on ? "yes" : "no";
    }

    /** What the daemon logged so far (it logs every request with -d). */
    public String log() {
        try {
            return Files.readString(dir.resolve("miniupnpd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        Commands.stop(process);
    }
}
