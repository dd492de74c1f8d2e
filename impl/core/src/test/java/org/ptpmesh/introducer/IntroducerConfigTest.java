package org.ptpmesh.introducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IntroducerConfigTest {

    @Property
    void testMessagesLeaveFromTheNextPortByDefault(@ForAll @IntRange(min = 1, max = 65534) int port) {
        IntroducerConfig config = IntroducerConfig.defaults("i", port);
        assertThat(config.testSourcePort()).isEqualTo(port + 1);
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void theDefaultsAreTheNamedConstants() {
        IntroducerConfig config = IntroducerConfig.defaults("i", 23456);
        assertThat(config.registrationMillis()).isEqualTo(5 * 29_000);
        assertThat(config.relayQuota()).isEqualTo(IntroducerDefaults.RELAY_QUOTA);
        assertThat(config.relayWindowMillis()).isEqualTo(IntroducerDefaults.RELAY_WINDOW_SECONDS * 1_000);
        assertThat(config.maxRegistrations()).isEqualTo(IntroducerDefaults.MAX_REGISTRATIONS);
        assertThat(config.allowLegacyIntro()).as("keyed peers meet keyed peers only, unless told").isFalse();
    }

    @Test
    void aCopyKeepsAllowLegacyIntro() {
        IntroducerConfig allowing = IntroducerConfig.builder("i", 23456).allowLegacyIntro(true).build();
        assertThat(allowing.withRelayQuota(5, 1_000).allowLegacyIntro()).isTrue();
    }

    @Test
    void aBuiltConfigIsStillChecked() {
        assertThatThrownBy(() -> IntroducerConfig.builder("i", 5000).testSourcePort(5000).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
