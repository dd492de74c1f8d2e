package org.ptpmesh.sim;

/**
 * What one link does to each datagram that crosses it: a delay of {@code latencyMillis} plus a
 * uniform extra of up to {@code jitterMillis}, loss, duplication (the copy gets its own jitter),
 * and reordering: with probability {@code reordering} a datagram is held back an extra
 * {@code reorderDelayMillis} so that later ones overtake it. Jitter alone also reorders when it
 * exceeds the gap between two datagrams. A link treats both directions alike.
 */
public record LinkProfile(long latencyMillis, long jitterMillis, double loss, double duplication,
                          double reordering, long reorderDelayMillis) {

    /** No delay and no impairment. */
    public static final LinkProfile IDEAL = new LinkProfile(0, 0, 0, 0, 0, 0);

    public LinkProfile {
        if (latencyMillis < 0 || jitterMillis < 0 || reorderDelayMillis < 0) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        requireProbability("loss", loss);
        requireProbability("duplication", duplication);
        requireProbability("reordering", reordering);
    }

    public static LinkProfile ofLatency(long millis) {
        return IDEAL.withLatency(millis);
    }

    public LinkProfile withLatency(long millis) {
        return new LinkProfile(millis, jitterMillis, loss, duplication, reordering, reorderDelayMillis);
    }

    public LinkProfile withJitter(long millis) {
        return new LinkProfile(latencyMillis, millis, loss, duplication, reordering, reorderDelayMillis);
    }

    public LinkProfile withLoss(double probability) {
        return new LinkProfile(latencyMillis, jitterMillis, probability, duplication, reordering, reorderDelayMillis);
    }

    public LinkProfile withDuplication(double probability) {
        return new LinkProfile(latencyMillis, jitterMillis, loss, probability, reordering, reorderDelayMillis);
    }

    public LinkProfile withReordering(double probability, long delayMillis) {
        return new LinkProfile(latencyMillis, jitterMillis, loss, duplication, probability, delayMillis);
    }

    /** This link followed by {@code next}: delays add up, each impairment may strike on either. */
    public LinkProfile then(LinkProfile next) {
        return new LinkProfile(latencyMillis + next.latencyMillis, jitterMillis + next.jitterMillis,
                either(loss, next.loss), either(duplication, next.duplication),
                either(reordering, next.reordering), Math.max(reorderDelayMillis, next.reorderDelayMillis));
    }

    private static double either(double p, double q) {
        return 1 - (1 - p) * (1 - q);
    }

    private static void requireProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1]: " + p);
        }
    }
}
