package org.ptpmesh.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.ptpmesh.wire.Endpoint;

/**
 * {@link KnownIntroducers} as a store: whatever introducers were recorded, a later run expects
 * each one's key and refuses any other; and whatever a file holds, opening it gives a trust or
 * a typed refusal, nothing else.
 */
class KnownIntroducersProperties {

    @Property(tries = 50)
    void everyRecordedKeyIsExpectedNextRunAndNoOtherAccepted(
            @ForAll @Size(min = 1, max = 12) @UniqueElements List<@From("introducers") Introducer> introducers)
            throws Exception {
        inTemporaryDirectory(dir -> {
            Path file = dir.resolve(KnownIntroducers.FILE_NAME);
            List<String> refusals = new ArrayList<>();
            KnownIntroducers first = KnownIntroducers.open(file, Map.of(), refusals::add);
            for (Introducer i : introducers) {
                assertThat(first.firstUse(i.endpoint(), i.key())).isTrue();
            }
            KnownIntroducers next = KnownIntroducers.open(file, Map.of(), refusals::add);
            for (Introducer i : introducers) {
                assertThat(next.expectedKey(i.endpoint())).isEqualTo(i.key());
                byte[] other = i.key().clone();
                other[0] ^= 1;
                assertThat(next.firstUse(i.endpoint(), other)).isFalse();
            }
            assertThat(refusals).hasSize(introducers.size());
        });
    }

    @Property(tries = 200)
    void anyFileGivesATrustOrATypedRefusal(@ForAll("fileContents") String content) throws Exception {
        inTemporaryDirectory(dir -> {
            Path file = Files.createFile(dir.resolve(KnownIntroducers.FILE_NAME), OwnerOnly.FILE_ATTRIBUTE);
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Throwable refused = catchThrowable(() -> KnownIntroducers.open(file, Map.of(), r -> { }));
            assertThat(refused).satisfiesAnyOf(t -> assertThat(t).isNull(),
                    t -> assertThat(t).isInstanceOf(IdentityException.class).hasMessageContaining(file.toString()));
        });
    }

    /** An introducer: the unique-element check compares endpoints only, one key each. */
    record Introducer(Endpoint endpoint, byte[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Introducer other && other.endpoint.equals(endpoint);
        }

        @Override
        public int hashCode() {
            return endpoint.hashCode();
        }

        @Override
        public String toString() {
            return endpoint + " " + PublicKeys.format(key);
        }
    }

    @Provide
    Arbitrary<Introducer> introducers() {
        Arbitrary<InetAddress> address = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(4).map(KnownIntroducersProperties::address),
                Arbitraries.bytes().array(byte[].class).ofSize(16).map(KnownIntroducersProperties::address));
        Arbitrary<byte[]> key = Arbitraries.bytes().array(byte[].class).ofSize(32);
        return Combinators.combine(address, Arbitraries.integers().between(1, 65535), key)
                .as((a, port, k) -> new Introducer(new Endpoint(a, port), k));
    }

    /** Lines that are, nearly are, or are not known-introducer lines, and junk. */
    @Provide
    Arbitrary<String> fileContents() {
        Arbitrary<String> line = Arbitraries.oneOf(
                introducers().map(Introducer::toString),
                introducers().map(i -> i.toString().substring(0, i.toString().length() - 2)),
                Arbitraries.just("# a comment"), Arbitraries.just(""),
                Arbitraries.strings().ofMaxLength(60));
        return line.list().ofMaxSize(8).map(lines -> String.join("\n", lines));
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private interface InDirectory {
        void run(Path dir) throws Exception;
    }

    private static void inTemporaryDirectory(InDirectory body) throws Exception {
        Path dir = Files.createTempDirectory("known-introducers");
        try {
            body.run(dir);
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
