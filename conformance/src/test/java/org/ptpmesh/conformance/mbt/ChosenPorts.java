package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;
import org.ptpmesh.nat.BirthdayOdds;

/**
 * The random source a {@link org.ptpmesh.peer.Peer} takes for the birthday strategy's port
 * draws, answering each draw with the port the model chose: the core picks its probe and
 * opener ports at random, the model's SendProbe names one, and the adapter lets the model
 * decide. A draw with no port chosen fails the test case: the core drew where the model takes
 * no step.
 */
final class ChosenPorts implements RandomGenerator {

    private final String owner;
    private final Deque<Integer> chosen = new ArrayDeque<>();

    ChosenPorts(String owner) {
        this.owner = owner;
    }

    /** The port of the core's next draw. */
    void choose(int port) {
        assertThat(port).as("a port in the birthday range").isBetween(BirthdayOdds.FIRST_PORT, 65535);
        chosen.add(port);
    }

    /** Whether every chosen port was drawn. */
    boolean drained() {
        return chosen.isEmpty();
    }

    @Override
    public int nextInt(int bound) {
        assertThat(bound).as(owner + " draws a birthday port").isEqualTo(BirthdayOdds.PORT_SPACE);
        Integer port = chosen.poll();
        assertThat(port).as(owner + " drew a port the model chose").isNotNull();
        return port - BirthdayOdds.FIRST_PORT;
    }

    @Override
    public long nextLong() {
        throw new AssertionError(owner + " drew a random number the model has no choice for");
    }
}
