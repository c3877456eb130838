package io.wormhole.wire;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Which JDK classes may travel as values. The same list decides what the client agrees to write and what the
 * hardened server reader agrees to instantiate, so whatever a client can send, a server can read. Names are those
 * Kryo writes, which for the JDK's immutable and wrapper collections are private implementation classes: they are
 * taken from live instances rather than spelled out.
 */
final class ValueTypes {
    private ValueTypes() {}

    private static final Set<String> JDK_VALUES = namesOf(
            Object.class, Boolean.class, Byte.class, Character.class, Short.class, Integer.class, Long.class,
            Float.class, Double.class, String.class,
            BigDecimal.class, BigInteger.class, RoundingMode.class,
            LocalDate.class, LocalDateTime.class, LocalTime.class, Instant.class, OffsetDateTime.class,
            OffsetTime.class, ZonedDateTime.class, Duration.class, Period.class, ZoneOffset.class,
            // java.time.ZoneRegion, from the one region id that needs no time-zone database (loading it cost a
            // backend's cold start about 10 ms)
            ZoneId.of("UTC").getClass(), Year.class, YearMonth.class, MonthDay.class, DayOfWeek.class,
            Month.class, ChronoUnit.class, TimeUnit.class,
            UUID.class, Date.class, java.sql.Date.class, java.sql.Time.class, java.sql.Timestamp.class,
            Optional.class, OptionalInt.class, OptionalLong.class, OptionalDouble.class,
            ArrayList.class, LinkedList.class, ArrayDeque.class, HashMap.class, LinkedHashMap.class, TreeMap.class,
            HashSet.class, LinkedHashSet.class, TreeSet.class,
            // The concurrent collections, which shipped code may use: a result declared as one arrives as one.
            java.util.concurrent.ConcurrentHashMap.class, java.util.concurrent.ConcurrentSkipListMap.class,
            java.util.concurrent.ConcurrentSkipListSet.class, java.util.concurrent.ConcurrentLinkedQueue.class,
            java.util.concurrent.ConcurrentLinkedDeque.class, java.util.concurrent.CopyOnWriteArrayList.class,
            java.util.concurrent.CopyOnWriteArraySet.class,
            EnumSet.noneOf(TimeUnit.class).getClass(), EnumSet.noneOf(ChronoUnit.class).getClass(), java.util.EnumMap.class,
            List.of().getClass(), List.of(1).getClass(), List.of(1, 2, 3).getClass(),
            List.of(1, 2, 3).subList(0, 2).getClass(),
            Set.of().getClass(), Set.of(1).getClass(), Set.of(1, 2, 3).getClass(),
            Map.of().getClass(), Map.of(1, 1).getClass(), Map.of(1, 1, 2, 2).getClass(),
            Arrays.asList().getClass(), Collections.reverseOrder().getClass(), Comparator.naturalOrder().getClass(),
            Collections.emptyList().getClass(), Collections.emptySet().getClass(), Collections.emptyMap().getClass(),
            Collections.singletonList(1).getClass(), Collections.singleton(1).getClass(),
            Collections.singletonMap(1, 1).getClass());

    /** The JDK's unmodifiable views, which travel as a copy of their content wrapped again on arrival. */
    static final Map<String, Unmodifiable> UNMODIFIABLE = byClassName();

    // Loops rather than streams: these run in every backend's cold start, and the first stream there costs the
    // stream framework's set-up.
    private static Set<String> namesOf(Class<?>... types) {
        Set<String> names = new HashSet<>();
        for (Class<?> type : types) {
            names.add(type.getName());
        }
        return Set.copyOf(names);
    }

    private static Map<String, Unmodifiable> byClassName() {
        Map<String, Unmodifiable> views = new HashMap<>();
        for (Unmodifiable u : Unmodifiable.values()) {
            views.put(u.className, u);
        }
        return Map.copyOf(views);
    }

    enum Unmodifiable {
        LIST(Collections.unmodifiableList(new LinkedList<>()).getClass()),
        RANDOM_ACCESS_LIST(Collections.unmodifiableList(new ArrayList<>()).getClass()),
        COLLECTION(Collections.unmodifiableCollection(new ArrayList<>()).getClass()),
        SET(Collections.unmodifiableSet(new HashSet<>()).getClass()),
        SORTED_SET(Collections.unmodifiableSortedSet(new TreeSet<>()).getClass()),
        NAVIGABLE_SET(Collections.unmodifiableNavigableSet(new TreeSet<>()).getClass()),
        MAP(Collections.unmodifiableMap(new HashMap<>()).getClass()),
        SORTED_MAP(Collections.unmodifiableSortedMap(new TreeMap<>()).getClass()),
        NAVIGABLE_MAP(Collections.unmodifiableNavigableMap(new TreeMap<>()).getClass());

        final Class<?> type;
        final String className;

        Unmodifiable(Class<?> type) {
            this.type = type;
            this.className = type.getName();
        }

        boolean isMap() {
            return Map.class.isAssignableFrom(type);
        }

        boolean sorted() {
            return this == SORTED_SET || this == NAVIGABLE_SET || this == SORTED_MAP || this == NAVIGABLE_MAP;
        }

        /** An empty modifiable collection (or map) of the kind the view is rebuilt from. */
        Object newContent() {
            return switch (this) {
                case LIST, RANDOM_ACCESS_LIST, COLLECTION -> new ArrayList<>();
                case SET -> new LinkedHashSet<>();
                case SORTED_SET, NAVIGABLE_SET -> new TreeSet<>();
                case MAP -> new LinkedHashMap<>();
                case SORTED_MAP, NAVIGABLE_MAP -> new TreeMap<>();
            };
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        Object wrap(Object content) {
            return switch (this) {
                case LIST, RANDOM_ACCESS_LIST -> Collections.unmodifiableList((List) content);
                case COLLECTION -> Collections.unmodifiableCollection((Collection) content);
                case SET -> Collections.unmodifiableSet((Set) content);
                case SORTED_SET -> Collections.unmodifiableSortedSet((TreeSet) content);
                case NAVIGABLE_SET -> Collections.unmodifiableNavigableSet((TreeSet) content);
                case MAP -> Collections.unmodifiableMap((Map) content);
                case SORTED_MAP -> Collections.unmodifiableSortedMap((TreeMap) content);
                case NAVIGABLE_MAP -> Collections.unmodifiableNavigableMap((TreeMap) content);
            };
        }
    }

    private static final String[] JDK_PREFIXES = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "io.wormhole."};

    /** Whether a binary class name belongs to the JDK or to Wormhole itself: never a bundle's class. */
    static boolean isPlatformName(String name) {
        for (String p : JDK_PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    static boolean isJdk(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    /** Whether a JDK class may travel: listed values, and the unmodifiable views. */
    static boolean isJdkValueName(String name) {
        return JDK_VALUES.contains(name) || UNMODIFIABLE.containsKey(name);
    }
}
