package org.ptpmesh.portmap.upnp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.portmap.UpnpOutcome;

/** The UPnP client against a fake IGD on loopback: mapping, renewal, deletion, and what a hostile or silent gateway gets. */
class UpnpDriverTest {

    private static final int PORT = 40123;
    private static final PortMapGateway GATEWAY = new PortMapGateway(FakeIgd.LOOPBACK, FakeIgd.LOOPBACK);

    private final BlockingQueue<UpnpOutcome> outcomes = new LinkedBlockingQueue<>();
    private FakeIgd igd;
    private UpnpDriver driver;

    @BeforeEach
    void igd() throws Exception {
        igd = new FakeIgd();
    }

    @AfterEach
    void close() throws Exception {
        if (driver != null) {
            driver.close(2_000);
        }
        igd.close();
    }

    @Test
    void mapsOurPortForOurAddressAndDeletesItAtClose() throws Exception {
        mapThrough(igd.settings());
        UpnpOutcome.Mapped m = (UpnpOutcome.Mapped) next();
        assertThat(m.externalAddress()).isEqualTo(InetAddress.getByName(FakeIgd.EXTERNAL));
        assertThat(m.externalPort()).isEqualTo(PORT);
        assertThat(m.internalPort()).isEqualTo(PORT);
        assertThat(m.leaseSeconds()).isEqualTo(UpnpLimits.LEASE_SECONDS);
        assertThat(igd.mappings).containsExactly(java.util.Map.entry(PORT, "127.0.0.1:" + PORT));
        FakeIgd.Call add = igd.calls.stream().filter(c -> c.action().equals("AddPortMapping")).findFirst().orElseThrow();
        assertThat(add.arguments()).containsEntry("NewProtocol", "UDP").containsEntry("NewLeaseDuration", "7200")
                .containsEntry("NewEnabled", "1");

        driver.close(2_000);
        driver = null;
        assertThat(igd.mappings).as("deleted at close").isEmpty();
        assertThat(igd.count("DeletePortMapping")).isEqualTo(1);
    }

    @Test
    void unmapDeletesTheMapping() throws Exception {
        mapThrough(igd.settings());
        assertThat(next()).isInstanceOf(UpnpOutcome.Mapped.class);
        driver.unmap(PORT);
        long deadline = System.currentTimeMillis() + 3_000;
        while (!igd.mappings.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(igd.mappings).isEmpty();
    }

    @Test
    void theLeaseIsRenewedAtHalfItsLength() throws Exception {
        mapThrough(igd.settings().withLease(2, 200));
        assertThat(next()).isInstanceOf(UpnpOutcome.Mapped.class);
        UpnpOutcome renewed = outcomes.poll(2_500, TimeUnit.MILLISECONDS);
        assertThat(renewed).as("renewed after about 1 s").isInstanceOf(UpnpOutcome.Mapped.class);
        assertThat(igd.count("AddPortMapping")).isEqualTo(2);
    }

    @Test
    void aRenewalRefusedUntilTheLeaseRunsOutLosesTheMapping() throws Exception {
        mapThrough(igd.settings().withLease(2, 200));
        assertThat(next()).isInstanceOf(UpnpOutcome.Mapped.class);
        igd.override = call -> call.action().equals("AddPortMapping") ? FakeIgd.fault(501, "Action Failed") : null;
        UpnpOutcome lost = outcomes.poll(4_000, TimeUnit.MILLISECONDS);
        assertThat(lost).isInstanceOf(UpnpOutcome.Lost.class);
        assertThat(((UpnpOutcome.Lost) lost).why()).contains("Action Failed (501)");
        assertThat(igd.count("AddPortMapping")).as("asked again every 200 ms in the second half").isGreaterThan(2);
    }

    @Test
    void aTakenPortMovesToTheNextAndARouterOfPermanentLeasesGetsLeaseZero() throws Exception {
        igd.override = call -> {
            if (!call.action().equals("AddPortMapping")) {
                return null;
            }
            if (call.arguments().get("NewExternalPort").equals(Integer.toString(PORT))) {
                return FakeIgd.fault(718, "ConflictInMappingEntry");
            }
            return call.arguments().get("NewLeaseDuration").equals("0") ? null : FakeIgd.fault(725, "OnlyPermanentLeasesSupported");
        };
        mapThrough(igd.settings());
        UpnpOutcome.Mapped m = (UpnpOutcome.Mapped) next();
        assertThat(m.externalPort()).isEqualTo(PORT + 1);
        assertThat(m.leaseSeconds()).as("permanent").isZero();
    }

    @Test
    void aRouterSlowToSayEveryPortIsTakenIsTriedNoLongerThanTheBudget() throws Exception {
        igd.override = call -> {
            if (!call.action().equals("AddPortMapping")) {
                return null;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeIgd.fault(718, "ConflictInMappingEntry");
        };
        mapThrough(igd.settings().withObtainBudget(1_000));
        assertThat(unavailable()).contains("no more are tried 1000 ms in");
        assertThat(igd.count("AddPortMapping")).as("stopped at the budget, before the last of the ports")
                .isLessThan(UpnpLimits.EXTERNAL_PORT_TRIES);
    }

    @Test
    void aRefusalThatIsNotAConflictEndsTheAttemptAtOnce() throws Exception {
        // miniupnpd (IGD v2 builds) answers 606 when its permission rules deny the mapping
        igd.override = call -> call.action().equals("AddPortMapping") ? FakeIgd.fault(606, "Action not authorized") : null;
        mapThrough(igd.settings());
        assertThat(unavailable()).contains("Action not authorized (606)");
        assertThat(igd.count("AddPortMapping")).as("no other port asked for").isEqualTo(1);
    }

    @Test
    void aLocationOnAnotherHostIsNeverFetched() throws Exception {
        igd.location = port -> "http://127.0.0.2:" + port + "/rootDesc.xml";
        mapThrough(igd.settings());
        assertThat(unavailable()).contains("is not on the gateway 127.0.0.1");
        assertThat(igd.descriptionFetches).isEmpty();
    }

    @Test
    void aLocationByNameIsNeverLookedUp() throws Exception {
        igd.location = port -> "http://localhost:" + port + "/rootDesc.xml";
        mapThrough(igd.settings());
        assertThat(unavailable()).contains("not http to the gateway's address");
        assertThat(igd.descriptionFetches).isEmpty();
    }

    @Test
    void aControlUrlOnAnotherHostIsNeverPosted() throws Exception {
        igd.description = FakeIgd.description("http://127.0.0.2:" + igd.httpPort() + "/ctl/IPConn").getBytes(StandardCharsets.UTF_8);
        mapThrough(igd.settings());
        assertThat(unavailable()).contains("is not on the gateway");
        assertThat(igd.calls).isEmpty();
    }

    @Test
    void anOversizedDescriptionIsRefused() throws Exception {
        igd.description = new byte[UpnpLimits.MAX_DESCRIPTION_BYTES + 1];
        mapThrough(igd.settings());
        assertThat(unavailable()).contains("answered more than " + UpnpLimits.MAX_DESCRIPTION_BYTES + " bytes");
    }

    @Test
    void garbageForAnAnswerIsRefused() throws Exception {
        igd.override = call -> "<s:Envelope><unclosed>";
        mapThrough(igd.settings());
        assertThat(unavailable()).contains("is not well-formed XML");
        assertThat(igd.mappings).isEmpty();
    }

    @Test
    void noAnswerToTheSearchIsUnavailable() throws Exception {
        int silent;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(new InetSocketAddress(FakeIgd.LOOPBACK, 0))) {
            // a port nobody answers on: it stays bound while the search waits
            silent = s.getLocalPort();
            mapThrough(igd.settings().searchingAt(new InetSocketAddress(FakeIgd.LOOPBACK, silent), silent)
                    .withWaits(300, 300));
            assertThat(unavailable()).contains("no IGD answered the SSDP search in 300 ms");
        }
    }

    @Test
    void anAnswerFromAnotherAddressIsNotTheGateways() throws Exception {
        driver = new UpnpDriver(igd.settings(), outcomes::add);
        driver.map(new PortMapGateway(InetAddress.getByName("127.0.0.2"), FakeIgd.LOOPBACK), PORT);
        assertThat(unavailable()).as("the search went to the fake's port, which answers from 127.0.0.1")
                .contains("no IGD answered");
        assertThat(igd.descriptionFetches).isEmpty();
    }

    /** Starts a driver with {@code settings} and asks it to map {@link #PORT} through the loopback gateway. */
    private void mapThrough(UpnpSettings settings) {
        driver = new UpnpDriver(settings, outcomes::add);
        driver.map(GATEWAY, PORT);
    }

    private UpnpOutcome next() throws InterruptedException {
        UpnpOutcome o = outcomes.poll(5, TimeUnit.SECONDS);
        assertThat(o).as("an outcome within 5 s").isNotNull();
        if (o instanceof UpnpOutcome.Unavailable u) {
            throw new AssertionError("unavailable: " + u.why());
        }
        return o;
    }

    private String unavailable() throws InterruptedException {
        UpnpOutcome o = outcomes.poll(5, TimeUnit.SECONDS);
        assertThat(o).isInstanceOf(UpnpOutcome.Unavailable.class);
        return ((UpnpOutcome.Unavailable) o).why();
    }
}
