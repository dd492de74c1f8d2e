package org.ptpmesh.conformance.interop;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one role of a case ended: its exit status, its JSON result line (null if it printed
 * none), and the end of its stderr for the matrix when it failed.
 *
 * @param killed the runner stopped it (an introducer at the end of a case, or a peer the case silences)
 */
public record RoleResult(Role role, int exit, JsonNode result, String stderrTail, boolean killed) {

    public boolean unsupported() {
        return exit == AdapterContract.EXIT_UNSUPPORTED;
    }

    public boolean ok() {
        return result != null && result.path("ok").asBoolean(false);
    }

    public String field(String name) {
        return result == null ? "" : result.path(name).asText("");
    }

    /** Why this role did not succeed, for the matrix. */
    public String problem() {
        if (result == null) {
            return role.wireName() + " exited " + exit + " without a JSON result" + (stderrTail.isBlank() ? "" : ": " + stderrTail);
        }
        return role.wireName() + ": " + result.path("detail").asText("not ok");
    }
}
