package io.wormhole.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Socket;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValuesTest {
    private static final ClassLoader LOADER = ValuesTest.class.getClassLoader();

    static Stream<Object> values() {
        return Stream.of(null, 1, 2L, (short) 3, (byte) 4, 'c', 1.5f, 2.5d, true, "text", "ünïcödé ✓", "",
                new BigDecimal("12345.6789"), new BigInteger("123456789012345678901234567890"),
                LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6), LocalTime.of(23, 59),
                Instant.ofEpochSecond(1_700_000_000L, 123), OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)),
                ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris")), Duration.ofMillis(1234),
                Period.of(1, 2, 3), ZoneId.of("America/New_York"), ZoneOffset.ofHours(-5), UUID.randomUUID(),
                new Timestamp(1_700_000_000_123L), java.sql.Date.valueOf("2024-05-06"), TimeUnit.SECONDS,
                Optional.of("x"), Optional.empty(),
                new int[] {1, 2, 3}, new long[0], new byte[] {1, -1}, new boolean[] {true, false},
                new double[] {1.5}, new char[] {'a'}, new String[] {"a", null}, new Object[] {1, "b", null},
                new int[][] {{1}, {2, 3}},
                new ArrayList<>(List.of(1, 2)), List.of(), List.of(1), List.of(1, 2, 3), Set.of("a", "b", "c"),
                Map.of("k", 1), Map.of(1, "a", 2, "b", 3, "c"), new HashMap<>(Map.of("a", List.of(1))),
                new TreeMap<>(Map.of("b", 2, "a", 1)), new TreeSet<>(Set.of(3, 1, 2)),
                EnumSet.of(TimeUnit.DAYS, TimeUnit.HOURS), Arrays.asList(1, null, 3), Collections.emptyList(),
                Collections.singletonMap("k", "v"));
    }

    @ParameterizedTest
    @MethodSource("values")
    void roundTrips(Object value) {
        Object back = Values.read(Values.write(value, LOADER), LOADER);
        if (value != null && value.getClass().isArray()) {
            assertThat(back).isInstanceOf(value.getClass());
            assertThat(Arrays.deepEquals(new Object[] {value}, new Object[] {back})).isTrue();
        } else {
            assertThat(back).isEqualTo(value);
            if (value != null) {
                assertThat(back.getClass()).isEqualTo(value.getClass());
            }
        }
    }

    /**
     * The concurrent collections arrive as themselves, through the server's restricted reader too: a result declared
     * as one failed with a ClassCastException when it arrived as a plain copy.
     */
    @Test
    void theConcurrentCollectionsArriveAsThemselves() {
        List<Object> values = List.of(new java.util.concurrent.ConcurrentHashMap<>(Map.of("a", 1, "b", 2)),
                new java.util.concurrent.CopyOnWriteArrayList<>(List.of(3, 1, 3)),
                new java.util.concurrent.CopyOnWriteArraySet<>(List.of(3, 1)),
                new java.util.concurrent.ConcurrentLinkedQueue<>(List.of(1, 2)),
                new java.util.concurrent.ConcurrentLinkedDeque<>(List.of(2, 1)), reversedSkipListMap(),
                reversedSkipListSet());
        for (Object v : values) {
            byte[] written = Values.write(v, LOADER);
            for (Object back : List.of(Values.read(written, LOADER), Values.read(written, LOADER, ValueLimits.DEFAULT))) {
                assertThat(back).as(v.getClass().getSimpleName()).isInstanceOf(v.getClass());
                if (v instanceof java.util.SortedMap<?, ?> sorted) {
                    assertThat(back).isEqualTo(v);
                    assertThat(((java.util.SortedMap<?, ?>) back).comparator()).isSameAs(sorted.comparator());
                    assertThat(((java.util.SortedMap<?, ?>) back).firstKey()).isEqualTo("b");
                } else if (v instanceof java.util.SortedSet<?> sorted) {
                    assertThat(back).isEqualTo(v);
                    assertThat(((java.util.SortedSet<?>) back).comparator()).isSameAs(sorted.comparator());
                    assertThat(((java.util.SortedSet<?>) back).first()).isEqualTo(3);
                } else if (v instanceof Map<?, ?>) {
                    assertThat(back).isEqualTo(v);
                } else {
                    assertThat(new ArrayList<>((java.util.Collection<?>) back)).isEqualTo(new ArrayList<>((java.util.Collection<?>) v));
                }
            }
        }
    }

    /**
     * An EnumMap arrives as an EnumMap with its key type, empty or not, of a bundle's enum (one constant with a body)
     * or the JDK's, through the server's restricted reader too: it arrived as a LinkedHashMap (a ClassCastException
     * where the result was declared EnumMap, and an EnumMap argument failed on the server).
     */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void enumMapsArriveAsEnumMapsWithTheirKeyTypeEvenEmpty() throws Exception {
        ClassLoader bundle = Fixtures.bundleLoader();
        Class<? extends Enum> status = (Class<? extends Enum>) bundle.loadClass("com.example.values.Status");
        Enum paid = Enum.valueOf(status, "PAID");
        EnumMap byStatus = new EnumMap(status);
        byStatus.put(paid, List.of("order 7"));
        // Each map with a constant of its key type (not a map: all empty EnumMaps are equal).
        List<Object[]> values = List.of(
                new Object[] {new EnumMap<>(Map.of(TimeUnit.DAYS, 2, TimeUnit.SECONDS, 1)), TimeUnit.HOURS},
                new Object[] {new EnumMap<>(TimeUnit.class), TimeUnit.HOURS},
                new Object[] {byStatus, paid},
                new Object[] {new EnumMap(status), paid});
        for (Object[] pair : values) {
            Object map = pair[0];
            Enum constant = (Enum) pair[1];
            byte[] written = Values.write(map, bundle);
            for (Object back : List.of(Values.read(written, bundle), Values.read(written, bundle, ValueLimits.DEFAULT))) {
                assertThat(back).isInstanceOf(EnumMap.class).isEqualTo(map);
                // The key type travelled: a constant of it goes in, one of another enum does not.
                ((EnumMap) back).put(constant, "x");
                assertThatThrownBy(() -> ((EnumMap) back).put(java.time.DayOfWeek.MONDAY, "y"))
                        .isInstanceOf(ClassCastException.class);
            }
        }
    }

    private static java.util.concurrent.ConcurrentSkipListMap<String, Integer> reversedSkipListMap() {
        java.util.concurrent.ConcurrentSkipListMap<String, Integer> map =
                new java.util.concurrent.ConcurrentSkipListMap<>(Collections.reverseOrder());
        map.putAll(Map.of("a", 1, "b", 2));
        return map;
    }

    private static java.util.concurrent.ConcurrentSkipListSet<Integer> reversedSkipListSet() {
        java.util.concurrent.ConcurrentSkipListSet<Integer> set =
                new java.util.concurrent.ConcurrentSkipListSet<>(Collections.reverseOrder());
        set.addAll(List.of(1, 3, 2));
        return set;
    }

    @Test
    void timestampsKeepTheirNanoseconds() {
        Timestamp t = Timestamp.valueOf("2024-01-02 03:04:05.123456789");
        assertThat(((Timestamp) Values.read(Values.write(t, LOADER), LOADER)).getNanos()).isEqualTo(123456789);
    }

    @Test
    void immutableAndUnmodifiableCollectionsStaySo() {
        List<Object> values = List.of(List.of(1, 2, 3, 4), Set.of(1), Map.of("a", 1),
                Collections.unmodifiableList(new ArrayList<>(List.of(1, 2))),
                Collections.unmodifiableSet(new java.util.HashSet<>(Set.of(1))),
                Collections.unmodifiableMap(new HashMap<>(Map.of("a", 1))),
                Collections.unmodifiableSortedSet(new TreeSet<>(Collections.reverseOrder())));
        for (Object v : values) {
            Object back = Values.read(Values.write(v, LOADER), LOADER);
            assertThat(back).isEqualTo(v);
            assertThat(back.getClass()).isEqualTo(v.getClass());
        }
        @SuppressWarnings("unchecked")
        List<Integer> list = (List<Integer>) Values.read(Values.write(List.of(1), LOADER), LOADER);
        assertThatThrownBy(() -> list.add(2)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void viewsTravelAsCopies() {
        Map<String, Integer> map = new LinkedHashMap<>(Map.of("a", 1));
        assertThat(Values.read(Values.write(map.keySet(), LOADER), LOADER)).isEqualTo(Set.of("a"));
        assertThat(Values.read(Values.write(new ArrayList<>(List.of(1, 2, 3)).subList(0, 2), LOADER), LOADER))
                .isEqualTo(List.of(1, 2));
        assertThat(Values.read(Values.write(map.values(), LOADER), LOADER)).isEqualTo(List.of(1));
    }

    @Test
    void sharedAndCyclicReferencesSurvive() {
        List<Object> shared = new ArrayList<>();
        List<Object> outer = new ArrayList<>(List.of(shared, shared));
        outer.add(outer);
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) Values.read(Values.write(outer, LOADER), LOADER);
        assertThat(back.get(0)).isSameAs(back.get(1));
        assertThat(back.get(2)).isSameAs(back);
    }

    /**
     * A value rebuilt on arrival (an immutable collection, a copy-on-write one) keeps its identity when shared: the
     * second reference arrived as the modifiable ArrayList it was read into.
     */
    @Test
    void aSharedRebuiltCollectionArrivesOnceAsItself() {
        for (Object shared : List.of(List.of(1, 2), Set.of("a"), Map.of("k", 1),
                new java.util.concurrent.CopyOnWriteArrayList<>(List.of(1)))) {
            List<Object> value = new ArrayList<>(List.of(shared, shared));
            List<?> back = (List<?>) Values.read(Values.write(value, LOADER), LOADER);
            assertThat(back.get(0)).as(shared.getClass().getName()).isInstanceOf(shared.getClass())
                    .isSameAs(back.get(1));
        }
    }

    @Test
    void aSharedDateKeepsItsIdentityAndRepeatedStringsArriveEqual() {
        java.util.Date when = new java.util.Date(0);
        String word = "shared";
        List<Object> value = new ArrayList<>(List.of(when, when, word, word, new Object[] {word}));
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) Values.read(Values.write(value, LOADER), LOADER);
        assertThat(back.get(0)).isSameAs(back.get(1));
        assertThat(back.get(2)).isEqualTo("shared").isEqualTo(back.get(3)).isEqualTo(((Object[]) back.get(4))[0]);
    }

    @Test
    void aListOfFlatRecordsTravelsAndTooDeepANestingIsStillRefused() {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(new Flat(i, "row " + i, i * 10L));
        }
        assertThat(Values.read(Values.write(rows, LOADER), LOADER)).isEqualTo(rows);
        // A record of immutable values travels by value: a shared one arrives as two equal records.
        Flat once = new Flat(1, "one", 1);
        @SuppressWarnings("unchecked")
        List<Object> twice = (List<Object>) Values.read(Values.write(new ArrayList<>(List.of(once, once)), LOADER),
                LOADER);
        assertThat(twice.get(0)).isEqualTo(once).isEqualTo(twice.get(1)).isNotSameAs(twice.get(1));
        List<Object> nested = new ArrayList<>(List.of(new Flat(1, "deep", 1)));
        for (int depth = 0; depth < 300; depth++) {
            nested = new ArrayList<>(List.of(nested));
        }
        List<Object> tooDeep = nested;
        assertThatThrownBy(() -> Values.write(tooDeep, LOADER)).isInstanceOf(ValueException.class)
                .hasMessageContaining("nests deeper than");
    }

    record Flat(int id, String name, long amount) {}

    @Test
    void applicationClassesRecordsAndEnumsTravel() {
        ClassLoader bundle = Fixtures.bundleLoader();
        Object line = Fixtures.make("Line", "A-1", 2, new BigDecimal("9.99"));
        @SuppressWarnings("unchecked")
        Object paid = Enum.valueOf(enumType(bundle), "PAID");
        Object order = Fixtures.make("Order", 7L, Fixtures.make("Customer", "Ada", null),
                List.of(line, line), paid);
        byte[] bytes = Values.writeArguments(new Object[] {order, paid, null}, bundle);
        Object[] back = Values.readArguments(bytes, bundle, ValueLimits.DEFAULT);
        assertThat(back[0].toString()).isEqualTo("7 Ada [Line[sku=A-1, quantity=2, price=9.99], "
                + "Line[sku=A-1, quantity=2, price=9.99]] paid!");
        assertThat(back[1]).isSameAs(paid);
        assertThat(back[2]).isNull();

        ClassLoader other = Fixtures.otherLoader();
        Object[] elsewhere = Values.readArguments(bytes, other, ValueLimits.DEFAULT);
        assertThat(elsewhere[0].getClass().getClassLoader()).isSameAs(other);
        assertThat(elsewhere[0].toString()).isEqualTo(back[0].toString());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Enum> enumType(ClassLoader bundle) {
        try {
            return (Class<Enum>) Class.forName("com.example.values.Status", true, bundle);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTopLevelConnectionBecomesTheSlot() {
        Connection connection = connection();
        Object[] back = Values.readArguments(Values.writeArguments(new Object[] {connection, 5}, LOADER), LOADER);
        assertThat(back).containsExactly(ConnectionSlot.INSTANCE, 5);
    }

    @Test
    void whatCannotTravelIsNamedWithItsPath() throws Exception {
        ClassLoader bundle = Fixtures.bundleLoader();
        try (Socket socket = new Socket()) {
            Object order = Fixtures.make("Order", 1L, Fixtures.make("Customer", "Ada", socket), List.of(), null);
            assertThatThrownBy(() -> Values.writeArguments(new Object[] {1, order}, bundle))
                    .isInstanceOf(ValueException.class)
                    .hasMessage("argument 2 -> Order.customer -> Customer.extra: java.net.Socket cannot travel (of the JDK's classes"
                        + " only values travel: strings, numbers, java.math, java.time values, collections and maps,"
                        + " Optional, UUID and the java.sql dates)");
        }
        Object withConnection = Fixtures.make("Customer", "Ada", connection());
        assertThatThrownBy(() -> Values.writeArguments(new Object[] {withConnection}, bundle))
                .hasMessageStartingWith("argument 1 -> Customer.extra: ")
                .hasMessageContaining("java.sql.Connection travels only as a top-level argument");
        Supplier<String> lambda = () -> "x";
        assertThatThrownBy(() -> Values.write(List.of(1, lambda), LOADER))
                .hasMessageStartingWith("value[1]: ").hasMessageContaining("lambda");
        assertThatThrownBy(() -> Values.write(Map.of("t", Thread.currentThread()), LOADER))
                .hasMessageStartingWith("value[\"t\"]: java.lang.Thread cannot travel (of the JDK's classes only values travel");
        assertThatThrownBy(() -> Values.write(new Object[] {new ByteArrayInputStream(new byte[0])}, LOADER))
                .hasMessageStartingWith("value[0]: java.io.ByteArrayInputStream cannot travel (of the JDK's classes only values travel");
        assertThatThrownBy(() -> Values.write(String.class, LOADER))
                .hasMessageStartingWith("value: java.lang.Class cannot travel (of the JDK's classes only values travel");
    }

    @Test
    void aValueNestingTooDeeplyIsRefusedOnWrite() {
        Object node = null;
        for (int i = 0; i < 1000; i++) {
            node = Fixtures.make("Node", node);
        }
        Object deep = node;
        assertThatThrownBy(() -> Values.write(deep, Fixtures.bundleLoader()))
                .isInstanceOf(ValueException.class).hasMessageContaining("nests deeper than 128 levels");
    }

    private static Connection connection() {
        return (Connection) Proxy.newProxyInstance(LOADER, new Class<?>[] {Connection.class}, (p, m, a) -> null);
    }
}
