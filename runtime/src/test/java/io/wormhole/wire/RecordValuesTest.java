package io.wormhole.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Records as {@link RecordValues} writes them: exact, by value when flat, by reference otherwise. */
class RecordValuesTest {
    private static final ClassLoader LOADER = RecordValuesTest.class.getClassLoader();

    record Primitives(boolean z, byte b, char c, short s, int i, long j, float f, double d) {}

    record Leaves(String name, Integer boxed, BigDecimal amount, LocalDate day, OffsetDateTime at, TimeUnit unit) {}

    record Holder(String label, List<Object> items, Object anything, Leaves leaves) {}

    record Positive(int value) {
        Positive {
            if (value <= 0) {
                throw new IllegalArgumentException("not positive: " + value);
            }
        }
    }

    enum Mood { CALM, ANGRY { @Override public String toString() { return "angry!"; } } }

    record Moods(Mood first, Mood second, Comparable<?> any) {}

    private static Object roundTrip(Object value) {
        return Values.read(Values.write(value, LOADER), LOADER);
    }

    @Test
    void everyPrimitiveComponentArrivesExactlyIncludingItsExtremes() {
        List<Primitives> values = List.of(
                new Primitives(true, Byte.MIN_VALUE, Character.MAX_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE,
                        Long.MIN_VALUE, Float.NaN, Double.NEGATIVE_INFINITY),
                new Primitives(false, Byte.MAX_VALUE, '\0', Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE,
                        -0.0f, Double.MIN_VALUE),
                new Primitives(false, (byte) 0, 'é', (short) -1, -1, -1L, Float.MIN_VALUE, -0.0));
        assertThat(roundTrip(new ArrayList<>(values))).isEqualTo(values);
    }

    @Test
    void stringsNullsAndJdkValuesArriveExactly() {
        List<Leaves> values = List.of(
                new Leaves("ascii", 7, new BigDecimal("-12345678901234567890.000100"), LocalDate.of(1, 1, 1),
                        OffsetDateTime.of(2026, 12, 2, 10, 0, 0, 123_456_789, ZoneOffset.ofHours(-7)),
                        TimeUnit.SECONDS),
                new Leaves("", null, null, null, null, null),
                new Leaves(null, Integer.MIN_VALUE, BigDecimal.ZERO, LocalDate.MAX, null, TimeUnit.DAYS),
                new Leaves("naïve \uD83D\uDE00 \u0000 end", -1, BigDecimal.ONE.negate(), LocalDate.MIN, null, null));
        assertThat(roundTrip(new ArrayList<>(values))).isEqualTo(values);
    }

    @Test
    void enumConstantsWithABodyAndComponentsOfAnInterfaceTypeArriveAsThemselves() {
        List<Moods> values = List.of(new Moods(Mood.ANGRY, Mood.CALM, Mood.ANGRY), new Moods(null, Mood.ANGRY, "s"),
                new Moods(Mood.CALM, null, null));
        @SuppressWarnings("unchecked")
        List<Moods> back = (List<Moods>) roundTrip(new ArrayList<>(values));
        assertThat(back).isEqualTo(values);
        assertThat(back.get(0).first()).isSameAs(Mood.ANGRY);
        assertThat(back.get(0).any()).isSameAs(Mood.ANGRY);
    }

    @Test
    void aRecordHoldingContainersKeepsSharedIdentityAndItsComponentsTypes() {
        List<Object> shared = new ArrayList<>(List.of("x", 1));
        Leaves leaves = new Leaves("l", 1, BigDecimal.TEN, null, null, TimeUnit.HOURS);
        Holder holder = new Holder("h", shared, Map.of("k", shared), leaves);
        List<Object> value = new ArrayList<>(List.of(holder, holder, shared));
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) roundTrip(value);
        assertThat(back).isEqualTo(value);
        Holder first = (Holder) back.get(0);
        // A record that holds a mutable value is tracked as before: one object, and its list is the list.
        assertThat(back.get(1)).isSameAs(first);
        assertThat(first.items()).isSameAs(back.get(2)).isSameAs(((Map<?, ?>) first.anything()).get("k"));
    }

    @Test
    void aRecordRefusingItsComponentsOnArrivalIsAClearError() {
        // Written through the serializer of an identical record without the check: the stream is well formed.
        byte[] bytes = Values.write(new Positive(5), LOADER);
        int last = bytes.length - 1;
        assertThat(bytes[last]).isEqualTo((byte) 10); // 5, zigzag varint
        bytes[last] = 1; // -1
        assertThatThrownBy(() -> Values.read(bytes, LOADER)).isInstanceOf(ValueException.class)
                .hasMessageContaining(Positive.class.getName()).hasMessageContaining("not positive: -1");
    }

    @Test
    void aComponentOfTheWrongTypeIsRefusedNotPassedToTheConstructor() {
        record Narrow(Number value) {}
        byte[] good = Values.write(new Narrow(3), LOADER);
        // The same stream with the component written as a String instead of an Integer.
        try (Output out = new Output(64, -1)) {
            int headerLength = good.length - Values.write(3, LOADER).length;
            out.writeBytes(good, 0, headerLength);
            out.writeBytes(Values.write("three", LOADER));
            assertThatThrownBy(() -> Values.read(out.toBytes(), LOADER)).isInstanceOf(ValueException.class)
                    .hasMessageContaining("holds a java.lang.String, not a java.lang.Number");
        }
    }

    @Test
    void aSharedRecordOfImmutableValuesArrivesAsEqualCopies() {
        Leaves one = new Leaves("same", 1, BigDecimal.ONE, LocalDate.EPOCH, null, TimeUnit.DAYS);
        List<Object> rows = new ArrayList<>(List.of(one, one, one));
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) roundTrip(rows);
        assertThat(back).isEqualTo(rows);
        assertThat(back.get(0)).isNotSameAs(back.get(1)).isNotSameAs(back.get(2));
    }
}
