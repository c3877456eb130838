package io.wormhole.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server's reader against what a hostile or broken client may send. */
class HardenedValuesTest {
    private static final ValueLimits LIMITS = ValueLimits.DEFAULT;

    private static ClassLoader bundle() {
        return Fixtures.bundleLoader();
    }

    /** A stream of one object of the named class: a class written by name, then whatever bytes follow. */
    private static byte[] namedClass(String className, byte... body) {
        try (Output out = new Output(64, -1)) {
            out.writeVarInt(1, true); // Kryo's "class by name" tag
            out.writeVarInt(0, true); // first name of the stream
            out.writeString(className);
            out.writeBytes(body);
            return out.toBytes();
        }
    }

    /** A hostile EnumMap: a key type that is no enum, or a key past the enum's constants, is a clear error. */
    @Test
    void refusesAnEnumMapWhoseKeysAreNoConstants() {
        assertThatThrownBy(() -> Values.read(enumMap("java.lang.String", 0), bundle(), LIMITS))
                .isInstanceOf(ValueException.class)
                .hasMessageContaining("an EnumMap's key type is java.lang.String, not an enum");
        assertThatThrownBy(() -> Values.read(enumMap("java.util.concurrent.TimeUnit", 1, 99), bundle(), LIMITS))
                .isInstanceOf(ValueException.class)
                .hasMessageContaining("an EnumMap's key 99 is not a constant of java.util.concurrent.TimeUnit");
    }

    /** An EnumMap as the writer frames one: its class, a new object, its key type's name, then size and ordinals. */
    private static byte[] enumMap(String keyType, int size, int... ordinals) {
        try (Output out = new Output(64, -1)) {
            out.writeVarInt(1, true); // class by name
            out.writeVarInt(0, true);
            out.writeString("java.util.EnumMap");
            out.writeVarInt(1, true); // a new object, not a reference
            out.writeVarInt(1, true); // the key type, by name
            out.writeVarInt(1, true);
            out.writeString(keyType);
            out.writeVarInt(size, true);
            for (int ordinal : ordinals) {
                out.writeVarInt(ordinal, true);
            }
            return out.toBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.ProcessBuilder", "java.io.File", "java.lang.Runtime", "java.net.URL",
            "java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ScheduledThreadPoolExecutor",
            "java.lang.Thread", "java.lang.ClassLoader", "javax.naming.InitialContext", "sun.misc.Unsafe",
            "io.wormhole.wire.Values", "io.wormhole.RemoteExecutionException", "[Ljava.io.File;",
            "[[Ljava.lang.ProcessBuilder;", "java.util.PriorityQueue", "java.lang.Class", "org.postgresql.Driver",
            "org.postgresql.ds.PGSimpleDataSource", "org.postgresql.util.PSQLException", "[Lorg.postgresql.Driver;"})
    void refusesClassesThatAreNeitherValuesNorTheBundles(String className) {
        assertThatThrownBy(() -> Values.read(namedClass(className, (byte) 1, (byte) 0), bundle(), LIMITS))
                .isInstanceOf(ValueException.class)
                .hasMessageContaining(className.replaceAll("^\\[+L|;$", ""))
                .hasMessageContaining("may not be read here");
    }

    @Test
    void refusesAClassTheBundleLoaderDidNotDefineItself() {
        // Visible through the bundle loader's parent, but not defined by it: as a server class would be.
        ClassLoader child = new java.net.URLClassLoader(new java.net.URL[0], bundle());
        assertThatThrownBy(() -> Values.read(namedClass("com.example.values.Node", (byte) 1, (byte) 0), child, LIMITS))
                .isInstanceOf(ValueException.class).hasMessageContaining("not a class of the bundle");
    }

    @Test
    void readsEveryValueTypeTheClientWrites() {
        List<Object> values = List.of(List.of(1, "a"), Set.of(LocalDate.of(2020, 1, 1)), Map.of("k", new BigDecimal("1.5")),
                new ArrayList<>(List.of(UUID.randomUUID())), new int[] {1, 2}, new BigInteger("12345678901234567890"),
                Duration.ofSeconds(3), Arrays.asList("x", null), java.util.Collections.unmodifiableList(new ArrayList<>(List.of(1))));
        for (Object v : values) {
            Object back = Values.read(Values.write(v, bundle()), bundle(), LIMITS);
            if (v instanceof int[] a) {
                assertThat((int[]) back).containsExactly(a);
            } else {
                assertThat(back).isEqualTo(v);
            }
        }
    }

    /** pgJDBC's value classes travel as values, and are never counted among the classes a bundle must ship. */
    @Test
    void readsPgJdbcValuesAndShipsNoneOfTheirClasses() throws Exception {
        org.postgresql.util.PGobject json = new org.postgresql.util.PGobject();
        json.setType("jsonb");
        json.setValue("{\"a\": 1}");
        org.postgresql.geometric.PGpoint[] points = {new org.postgresql.geometric.PGpoint(0, 0),
            new org.postgresql.geometric.PGpoint(1, 2.5)};
        List<Object> values = List.of(json, new org.postgresql.util.PGInterval("1 day 02:03:04"),
                new org.postgresql.util.PGmoney(12.5), new org.postgresql.geometric.PGpath(points, true),
                new org.postgresql.geometric.PGpolygon(points), new org.postgresql.geometric.PGcircle(1, 2, 3));
        for (Object v : values) {
            Object back = Values.read(Values.write(v, bundle()), bundle(), LIMITS);
            assertThat(back).isEqualTo(v).isNotSameAs(v);
            assertThat(back.getClass()).isSameAs(v.getClass());
        }
        Set<Class<?>> shipped = new java.util.HashSet<>();
        Values.writeArguments(new Object[] {json, new ArrayList<>(values)}, bundle(), shipped);
        assertThat(shipped).isEmpty();
    }

    @Test
    void hugeLengthClaimsFailFastWithoutAllocating() {
        for (Object[] pair : new Object[][] {
                {new long[] {7}, new long[] {7, 7}}, {new Object[] {1}, new Object[] {1, 1}},
                {new ArrayList<>(List.of(1)), new ArrayList<>(List.of(1, 1))}, {"é", "éé"},
                {new boolean[] {true}, new boolean[] {true, true}}, {List.of(1), List.of(1, 1)},
                {new String[] {"a"}, new String[] {"a", "a"}}, {new java.util.HashMap<>(Map.of(1, 1)), new java.util.HashMap<>(Map.of(1, 1, 2, 1))}}) {
            byte[] one = Values.write(pair[0], bundle());
            byte[] two = Values.write(pair[1], bundle());
            int at = 0;
            while (one[at] == two[at]) {
                at++;
            }
            // Splice a varint claiming 2^31 - 1 (Kryo's lengths are stored plus one) where the length was.
            byte[] hostile = new byte[one.length + 4];
            System.arraycopy(one, 0, hostile, 0, at);
            byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
            System.arraycopy(huge, 0, hostile, at, 5);
            System.arraycopy(one, at + 1, hostile, at + 5, one.length - at - 1);
            assertThatThrownBy(() -> Values.read(hostile, bundle(), LIMITS)).as("%s", pair[0].getClass())
                    .isInstanceOf(ValueException.class).hasMessageContaining("claims");
        }
    }

    @Test
    void limitsAreConfigurable() {
        ValueLimits small = LIMITS.withMaxElements(3).withMaxStringLength(4).withMaxBytes(100);
        assertThatThrownBy(() -> Values.read(Values.write(List.of(1, 2, 3, 4), bundle()), bundle(), small))
                .hasMessageContaining("more than the limit of 3");
        assertThatThrownBy(() -> Values.read(Values.write("ééééé", bundle()), bundle(), small))
                .hasMessageContaining("a string claims 5 elements, more than the limit of 4");
        assertThatThrownBy(() -> Values.read(new byte[101], bundle(), small))
                .hasMessageContaining("more than the limit of 100");
        assertThat(Values.read(Values.write(List.of(1, 2, 3), bundle()), bundle(), small)).isEqualTo(List.of(1, 2, 3));
    }

    @Test
    void deepNestingIsRefused() {
        byte[] deep = nestedArrays(2000);
        assertThatThrownBy(() -> Values.read(deep, bundle(), LIMITS))
                .isInstanceOf(ValueException.class).hasMessageContaining("Max depth exceeded");
        assertThatThrownBy(() -> Values.read(nestedArrays(60), bundle(), LIMITS.withMaxDepth(50)))
                .isInstanceOf(ValueException.class).hasMessageContaining("Max depth exceeded");
        assertThat(Values.read(nestedArrays(40), bundle(), LIMITS.withMaxDepth(50))).isInstanceOf(Object[].class);
    }

    /** Written by a plain Kryo, in a thread with a large stack: the client's writer would refuse the depth. */
    private static byte[] nestedArrays(int levels) {
        Object nested = null;
        for (int i = 0; i < levels; i++) {
            nested = new Object[] {nested};
        }
        Object deep = nested;
        byte[][] bytes = new byte[1][];
        Thread writer = new Thread(null, () -> {
            Kryo plain = new Kryo();
            plain.setRegistrationRequired(false);
            plain.setReferences(true);
            try (Output out = new Output(1024, -1)) {
                plain.writeClassAndObject(out, deep);
                bytes[0] = out.toBytes();
            }
        }, "writer", 64 << 20);
        writer.start();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> writer.join());
        return bytes[0];
    }

    @Test
    void truncatedAndTrailingStreamsAreRefused() {
        byte[] good = Values.writeArguments(new Object[] {"text", List.of(1, 2), new BigDecimal("3.25")}, bundle());
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> Values.readArguments(cut, bundle(), LIMITS)).isInstanceOf(ValueException.class);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> Values.readArguments(longer, bundle(), LIMITS))
                .hasMessageContaining("unexpected bytes after the value");
        assertThatThrownBy(() -> Values.readArguments(Values.write("x", bundle()), bundle(), LIMITS))
                .hasMessageContaining("not an Object[]");
    }

    /**
     * Mutated valid streams: every outcome must be a value or a {@link ValueException}, quickly. The seed is
     * fixed so that a failure can be replayed.
     */
    @Test
    void survivesTwentyThousandMutatedStreams() {
        ClassLoader bundle = bundle();
        Object order = Fixtures.make("Order", 7L, Fixtures.make("Customer", "Ada", List.of(1, "two")),
                List.of(Fixtures.make("Line", "A-1", 2, new BigDecimal("9.99"))), null);
        List<byte[]> seeds = List.of(
                Values.writeArguments(new Object[] {order, 3, "x"}, bundle),
                Values.writeArguments(new Object[] {Map.of("k", List.of(1, 2)), new int[] {1, 2, 3}, "ünï"}, bundle),
                Values.writeArguments(new Object[] {new ArrayList<>(List.of(LocalDate.of(2020, 1, 1))),
                        Set.of(1L, 2L), UUID.randomUUID(), new String[] {"a", null}}, bundle),
                Values.write(new IllegalStateException("boom", new RuntimeException("cause")), bundle));
        Random random = new Random(20240601L);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 20_000; i++) {
                byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
                try {
                    Values.read(input, bundle, LIMITS);
                    outcomes[0]++;
                } catch (ValueException expected) {
                    outcomes[1]++;
                }
            }
        });
        assertThat(outcomes[0] + outcomes[1]).isEqualTo(20_000);
        assertThat(outcomes[1]).isGreaterThan(1000);
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        switch (random.nextInt(6)) {
            case 0 -> { // flip bytes
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length)); // truncate
            case 2 -> { // a huge varint somewhere
                int at = random.nextInt(b.length);
                byte[] out = Arrays.copyOf(b, b.length + 4);
                System.arraycopy(b, at, out, at + 4, b.length - at);
                for (int k = 0; k < 4; k++) {
                    out[at + k] = (byte) (0x80 | random.nextInt(128));
                }
                b = out;
            }
            case 3 -> { // random bytes
                b = new byte[random.nextInt(64)];
                random.nextBytes(b);
            }
            case 4 -> { // duplicate a slice
                int from = random.nextInt(b.length);
                int len = random.nextInt(b.length - from) + 1;
                byte[] out = Arrays.copyOf(b, b.length + len);
                System.arraycopy(b, from, out, from + len, b.length - from);
                b = out;
            }
            default -> { // shift a small count by one
                int at = random.nextInt(b.length);
                b[at] = (byte) (b[at] + (random.nextBoolean() ? 1 : -1));
            }
        }
        return b;
    }

    /**
     * A call's arguments holding {@code Tagged(3, "ok")}, its components' bytes replaced: {@code amount} as written
     * with its class, {@code label} as a string (a record's string component is written without class or reference).
     */
    private static byte[] taggedWith(byte[] amount, String label) {
        byte[] good = Values.writeArguments(new Object[] {Fixtures.make("Tagged", 3, "ok")}, bundle());
        int tail = Values.write(3, bundle()).length + 2;
        try (Output out = new Output(64, -1)) {
            out.writeBytes(good, 0, good.length - tail);
            out.writeBytes(amount);
            out.writeString(label);
            return out.toBytes();
        }
    }

    @Test
    void aRecordComponentOfAnotherTypeThanDeclaredIsRefusedBeforeTheConstructorRuns() {
        assertThat(Values.readArguments(taggedWith(Values.write(7L, bundle()), "ok"), bundle(), LIMITS)[0])
                .hasToString("Tagged[amount=7, label=ok]");
        assertThatThrownBy(() -> Values.readArguments(taggedWith(Values.write("seven", bundle()), "ok"),
                bundle(), LIMITS)).isInstanceOf(ValueException.class)
                .hasMessageContaining("com.example.values.Tagged")
                .hasMessageContaining("holds a java.lang.String, not a java.lang.Number");
    }

    @Test
    void aRecordComponentOfAClassTheServerMayNotReadIsRefusedByName() {
        byte[] forged;
        try (Output out = new Output(64, -1)) {
            out.writeVarInt(1, true); // a class by name
            out.writeVarInt(2, true); // the stream's third name (Object[] and Tagged come first)
            out.writeString("java.lang.ProcessBuilder");
            out.writeVarInt(1, true); // not null
            forged = out.toBytes();
        }
        assertThatThrownBy(() -> Values.readArguments(taggedWith(forged, "ok"), bundle(), LIMITS))
                .isInstanceOf(ValueException.class).hasMessageContaining("java.lang.ProcessBuilder")
                .hasMessageContaining("may not be read here");
    }

    @Test
    void aRecordWhoseConstructorRefusesItsComponentsIsAClearError() {
        byte[] empty = taggedWith(Values.write(3, bundle()), "");
        assertThatThrownBy(() -> Values.readArguments(empty, bundle(), LIMITS)).isInstanceOf(ValueException.class)
                .hasMessageContaining("com.example.values.Tagged").hasMessageContaining("an empty label");
    }
}
