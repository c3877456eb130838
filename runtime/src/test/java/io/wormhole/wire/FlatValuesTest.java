package io.wormhole.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scalars and argument arrays of scalars travel without Kryo ({@link FlatValues}): they arrive as the same values of
 * the same classes through both readers, everything else still goes through Kryo, and a hostile flat stream is a
 * {@link ValueException} naming what is wrong, never another exception or a large allocation.
 */
class FlatValuesTest {
    private static final ClassLoader LOADER = FlatValuesTest.class.getClassLoader();

    private static final Object[] SCALARS = {null, ConnectionSlot.INSTANCE, true, false, 0, -1, Integer.MIN_VALUE,
        Long.MAX_VALUE, -2L, (short) -3, Short.MAX_VALUE, (byte) -128, (byte) 127, 'x', Character.MAX_VALUE, 1.5f,
        Float.intBitsToFloat(0x7fc01234), -0.0d, Double.longBitsToDouble(0x7ff8_0000_dead_beefL), "", "plain",
        "latin-1: déjà vu \u00ff", "beyond: \u20ac \u4e2d", "unpaired \ud800 surrogate \udfff", "x".repeat(512)};

    @Test
    void everyScalarArrivesAsItselfThroughBothReaders() {
        byte[] arguments = Values.writeArguments(SCALARS, LOADER);
        assertThat(arguments[0]).as("written flat").isEqualTo(FlatValues.MARKER);
        for (Object[] back : List.of(Values.readArguments(arguments, LOADER),
                Values.readArguments(arguments, LOADER, ValueLimits.DEFAULT))) {
            assertThat(back).hasSameSizeAs(SCALARS);
            for (int i = 0; i < SCALARS.length; i++) {
                assertSame(back[i], SCALARS[i]);
            }
        }
        for (Object scalar : SCALARS) {
            byte[][] chunks = Values.writeChunks(scalar, LOADER, 1 << 20);
            assertThat(chunks).hasNumberOfRows(1);
            byte[] result = chunks[0];
            assertThat(result[0]).isEqualTo(FlatValues.MARKER);
            assertSame(Values.read(result, LOADER), scalar);
            assertSame(Values.read(result, LOADER, ValueLimits.DEFAULT), scalar);
        }
    }

    /** Equal, of the same class, and for floating point the same bits (a NaN's payload too). */
    private static void assertSame(Object back, Object sent) {
        if (sent == null) {
            assertThat(back).isNull();
            return;
        }
        assertThat(back).isInstanceOf(sent.getClass()).isEqualTo(sent);
        if (sent instanceof Float f) {
            assertThat(Float.floatToRawIntBits((Float) back)).isEqualTo(Float.floatToRawIntBits(f));
        } else if (sent instanceof Double d) {
            assertThat(Double.doubleToRawLongBits((Double) back)).isEqualTo(Double.doubleToRawLongBits(d));
        }
    }

    @Test
    void whatIsNotAScalarStillGoesThroughKryo() {
        for (Object value : new Object[] {"x".repeat(513), BigDecimal.ONE, List.of(1), new int[] {1},
            new Object[] {new Object[0]}, new Object[] {List.of()}, new Object[65], new String[] {"a"}}) {
            byte[] written = ChunkedResultTest.joined(Values.writeChunks(value, LOADER, 1 << 20));
            assertThat(written[0]).as("%s", value.getClass()).isNotEqualTo(FlatValues.MARKER);
            Object back = Values.read(written, LOADER);
            if (value instanceof Object[] array) {
                assertThat((Object[]) back).isEqualTo(array);
            } else if (value instanceof int[] array) {
                assertThat((int[]) back).isEqualTo(array);
            } else {
                assertThat(back).isEqualTo(value);
            }
        }
        assertThat(Values.writeArguments(new Object[] {1, List.of(2)}, LOADER)[0]).isNotEqualTo(FlatValues.MARKER);
    }

    @Test
    void aKryoStreamNeverStartsLikeAFlatOne() {
        // Kryo starts with a class id plus 2; WireKryo refuses to exist once that could reach 0x80.
        WireKryo kryo = new WireKryo(LOADER, ValueLimits.DEFAULT, false);
        assertThat(kryo.getNextRegistrationId() + 2).isLessThan(0x80);
        assertThat(FlatValues.MARKER & 0xFF).isGreaterThanOrEqualTo(0x80);
    }

    private static byte[] flat(Object value) {
        return FlatValues.write(value);
    }

    private static void refused(byte[] stream, String message) {
        for (boolean restricted : new boolean[] {false, true}) {
            assertThatThrownBy(() -> {
                if (restricted) {
                    Values.read(stream, LOADER, ValueLimits.DEFAULT.withMaxStringLength(1000).withMaxElements(100));
                } else {
                    Values.read(stream, LOADER);
                }
            }).as("%s", Arrays.toString(stream)).isInstanceOf(ValueException.class).hasMessageContaining(message);
        }
    }

    @Test
    void everyTruncationOfAFlatStreamIsACorruptStream() {
        byte[] whole = flat(new Object[] {7, 8L, "text", "\u20ac", 'c', 2.5d, (short) 1, (byte) 2, 1f, true, null});
        for (int length = 1; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> Values.read(cut, LOADER)).as("cut at %d", length)
                    .isInstanceOf(ValueException.class).hasMessageStartingWith("corrupt value stream");
        }
    }

    @Test
    void aHostileFlatStreamIsRefusedWithItsCause() {
        byte m = FlatValues.MARKER;
        refused(new byte[] {m, 99}, "unknown value tag 99 at byte 1");
        refused(new byte[] {m, -5}, "unknown value tag -5");
        refused(new byte[] {m, 13, 0, 0, 0, 1, 13, 0, 0, 0, 0}, "unknown value tag 13");
        refused(new byte[] {m, 0, 0}, "1 unexpected bytes after the value");
        refused(new byte[] {m, 11, (byte) 0x80, 0, 0, 0}, "-2147483648 string characters claimed");
        refused(new byte[] {m, 11, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, "the limit is");
        refused(new byte[] {m, 12, 0, 0, 0, 3, 0, 65}, "3 string characters claimed at byte 2, but only 2 bytes follow");
        refused(new byte[] {m, 13, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, "array elements claimed");
        refused(new byte[] {m, 13, 0, 0, 0, 5, 0}, "5 array elements claimed at byte 2, but only 1 bytes follow");
        refused(new byte[] {m}, "it ends at byte 1, inside a value");
    }

    @Test
    void theServersLimitsApplyToFlatStreams() {
        ValueLimits small = ValueLimits.DEFAULT.withMaxStringLength(4).withMaxElements(2);
        assertThatThrownBy(() -> Values.read(flat("abcde"), LOADER, small)).isInstanceOf(ValueException.class)
                .hasMessageContaining("5 string characters claimed at byte 2, the limit is 4");
        assertThatThrownBy(() -> Values.read(flat(new Object[] {1, 2, 3}), LOADER, small))
                .isInstanceOf(ValueException.class).hasMessageContaining("3 array elements claimed");
        assertThatThrownBy(() -> Values.read(flat("abc"), LOADER, small.withMaxBytes(8)))
                .hasMessageContaining("more than the limit of 8");
        assertThat(Values.read(flat(new Object[] {"abcd", 2}), LOADER, small)).isEqualTo(new Object[] {"abcd", 2});
    }
}
