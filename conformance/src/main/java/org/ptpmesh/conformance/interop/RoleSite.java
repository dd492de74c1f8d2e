package org.ptpmesh.conformance.interop;

/**
 * Where one role of a case runs: the address it binds, the port where it expects the
 * introducers' TEST, and the network namespace its adapter is started in (null: this one).
 */
record RoleSite(String bind, int testPort, String netns) {
}
