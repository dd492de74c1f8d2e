package org.ptpmesh.dualstack;

import org.ptpmesh.peer.Path;

/**
 * What one family's peer knows of its way to a remote: the path, and the smoothed RTT of the
 * direct path (-1 while none is measured).
 */
public record FamilyPath(Family family, Path path, long directRttMillis) {
}
