package org.ptpmesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void theDefaultsArePtptestsTimers() {
        ServerConfig config = ServerConfig.defaults();
        assertThat(config.port()).isEqualTo(23456);
        assertThat(config.publishEvery()).isEqualTo(13_000);
        assertThat(config.purgeAfter()).isEqualTo(30_000);
        assertThat(config.announceGap()).isEqualTo(1_000);
    }

    @Property
    void aCopyChangesOnlyWhatItIsTold(@ForAll @IntRange(min = 1, max = 65535) int port,
                                      @ForAll @LongRange(min = 1, max = 1_000_000) long publish) {
        ServerConfig changed = ServerConfig.defaults().toBuilder().port(port).publishEvery(publish).build();
        assertThat(changed.toBuilder().port(ServerDefaults.PORT).publishEvery(ServerDefaults.PUBLISH_EVERY_SECONDS * 1_000)
                .build()).isEqualTo(ServerConfig.defaults());
        assertThat(changed.withPort(port)).isEqualTo(changed);
    }
}
