package org.ptpmesh.conformance.interop;

import java.nio.file.Path;

/**
 * One cell of the matrix: a case run with {@code tested} as peer-a against {@code counterpart}
 * as introducers and peer-b.
 *
 * @param capture    the recorded pcap, or null when nothing was recorded
 * @param datagrams  ptpmesh datagrams in the capture
 * @param violations datagrams the capture validation rejected
 */
public record CaseOutcome(InteropCase interopCase, String tested, String counterpart, InteropVerdict verdict, String reason,
                          Path capture, int datagrams, long violations, long millis) {
}
