package org.ptpmesh.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.json.WireJson;

/** The departure case's check: peer-a left, and peer-b saw it gone within one publication period of that. */
class DepartureJudgeTest {

    private static final InteropCase.Facts NONE = new InteropCase.Facts("", "Static", OptionalLong.empty());

    @Test
    void withinOnePublicationPeriodPasses() throws Exception {
        assertThat(InteropCase.DEPARTURE.judge(results(true, true), seenAfter(900))).isEmpty();
        assertThat(InteropCase.DEPARTURE.judge(results(true, true), seenAfter(InteropCase.DEPARTURE_WINDOW_MILLIS))).isEmpty();
    }

    @Test
    void laterThanOnePublicationPeriodFails() throws Exception {
        assertThat(InteropCase.DEPARTURE.judge(results(true, true), seenAfter(InteropCase.DEPARTURE_WINDOW_MILLIS + 1)))
                .contains("peer-b saw peer-a leave 13001 ms after it left, later than one publication period (13000 ms)");
    }

    @Test
    void peerBMustReportTheDepartureAfterPeerALeft() throws Exception {
        assertThat(InteropCase.DEPARTURE.judge(results(true, true), seenAfter(-1)))
                .contains("peer-b reported peer-a gone before peer-a was told to leave");
        assertThat(InteropCase.DEPARTURE.judge(results(true, true), NONE))
                .contains("peer-b reported the departure only after the runner stopped waiting for it");
        assertThat(InteropCase.DEPARTURE.judge(results(true, false), seenAfter(900))).contains("peer-b reported departed=false, expected true");
    }

    @Test
    void peerAMustHaveLeftWell() throws Exception {
        assertThat(InteropCase.DEPARTURE.judge(results(false, true), seenAfter(900))).contains("peer-a: ended without SHUTDOWN");
    }

    private static InteropCase.Facts seenAfter(long millis) {
        return new InteropCase.Facts("", "Static", OptionalLong.of(millis));
    }

    private static Map<Role, RoleResult> results(boolean leftWell, boolean departed) throws Exception {
        Map<Role, RoleResult> m = new EnumMap<>(Role.class);
        m.put(Role.PEER_A, result(Role.PEER_A, "{\"ok\":" + leftWell + ",\"detail\":\"" + (leftWell ? "left" : "ended without SHUTDOWN") + "\"}"));
        m.put(Role.PEER_B, result(Role.PEER_B, "{\"ok\":true,\"departed\":" + departed + "}"));
        return m;
    }

    private static RoleResult result(Role role, String json) throws Exception {
        JsonNode node = WireJson.MAPPER.readTree(json);
        return new RoleResult(role, 0, node, "", false);
    }
}
