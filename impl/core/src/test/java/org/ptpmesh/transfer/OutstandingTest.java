package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutstandingTest {

    @Test
    void reRequestedBlocksAreCountedUntilTheyArrive() {
        Outstanding o = new Outstanding(10);
        for (int b = 0; b < 5; b++) {
            o.request(b, b);
        }
        o.countRetry(1);
        o.request(1, 10);
        o.countRetry(1);
        o.request(1, 20);
        o.countRetry(3);
        o.request(3, 20);
        assertThat(o.size()).isEqualTo(5);
        assertThat(o.reRequested()).isEqualTo(2);
        assertThat(o.oldest()).isZero();
        assertThat(o.remove(1)).isTrue();
        assertThat(o.remove(1)).isFalse();
        assertThat(o.remove(0)).isTrue();
        assertThat(o.reRequested()).isEqualTo(1);
        assertThat(o.size()).isEqualTo(3);
        assertThat(o.oldest()).isEqualTo(2);
    }
}
