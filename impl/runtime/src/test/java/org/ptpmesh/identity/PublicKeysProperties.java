package org.ptpmesh.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** {@link PublicKeys} as a codec: both forms of any key read back, and any text is a key or a refusal with a reason. */
class PublicKeysProperties {

    @Property
    void anyKeyReadsBackFromBothForms(@ForAll @Size(32) byte[] key) {
        String base64 = PublicKeys.format(key);
        assertThat(base64).hasSize(44);
        assertThat(PublicKeys.parse(base64)).isEqualTo(key);
        assertThat(PublicKeys.parse(HexFormat.of().formatHex(key))).isEqualTo(key);
    }

    @Property
    void anyTextIsAKeyOrARefusal(@ForAll @Size(max = 80) String text) {
        Throwable refused = catchThrowable(() -> assertThat(PublicKeys.parse(text)).hasSize(32));
        assertThat(refused).satisfiesAnyOf(t -> assertThat(t).isNull(),
                t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("key"));
    }
}
