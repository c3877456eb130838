package io.wormhole.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A result is encoded in pieces ({@link Values#writeChunks}) and framed as pieces ({@link Response#frame}); put end
 * to end they are exactly the one-array encoding, whatever the size, and the size bound stops the writing.
 */
class ChunkedResultTest {
    private static final ClassLoader LOADER = ChunkedResultTest.class.getClassLoader();

    record Row(int id, String name, long amount) {}

    private static List<Row> rows(int n) {
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new Row(i, "name " + i, i * 10L));
        }
        return rows;
    }

    /** Pieces put end to end, as the host sends them. */
    static byte[] joined(byte[][] chunks) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            all.writeBytes(chunk);
        }
        return all.toByteArray();
    }

    @Test
    void aResultSpanningManyChunksIsTheSameBytesAndDecodesExactly() {
        List<Row> rows = rows(300_000);
        byte[][] chunks = Values.writeChunks(rows, LOADER, Integer.MAX_VALUE);
        byte[] whole = Values.write(rows, LOADER);
        assertThat(chunks.length).isGreaterThan(3);
        assertThat(Arrays.stream(chunks).mapToInt(c -> c.length).max().getAsInt()).isEqualTo(ChunkSink.CHUNK);
        assertThat(joined(chunks)).isEqualTo(whole);
        assertThat(Values.read(joined(chunks), LOADER)).isEqualTo(rows);
    }

    @Test
    void aSmallResultIsOneArrayOfItsSize() {
        byte[][] chunks = Values.writeChunks(List.of("small"), LOADER, 1024);
        assertThat(chunks).hasNumberOfRows(1);
        assertThat(chunks[0]).isEqualTo(Values.write(List.of("small"), LOADER));
    }

    @Test
    void theFramedPiecesAreTheOneArrayFrame() {
        List<Row> rows = rows(100_000);
        byte[][] frame = Response.frame(Response.Status.RETURNED, Values.writeChunks(rows, LOADER, Integer.MAX_VALUE));
        byte[] oneArray = new Response(Response.Status.RETURNED, Values.write(rows, LOADER)).encode();
        assertThat(joined(frame)).isEqualTo(oneArray);
        assertThat(frame.length).as("a large payload's pieces, not copied into one").isGreaterThan(2);
        List<String> smallValue = List.of("small");
        byte[][] small = Response.frame(Response.Status.RETURNED, Values.writeChunks(smallValue, LOADER, 1024));
        assertThat(small).as("a small answer, in one piece").hasNumberOfRows(1);
        assertThat(small[0])
                .isEqualTo(new Response(Response.Status.RETURNED, Values.write(smallValue, LOADER)).encode());
        Response back = Response.decode(joined(frame));
        assertThat(back.status()).isEqualTo(Response.Status.RETURNED);
        assertThat(Values.read(back.payload(), LOADER)).isEqualTo(rows);
        assertThat(joined(Response.frame(Response.Status.UNKNOWN_BUNDLE, new byte[][] {new byte[0]})))
                .isEqualTo(Response.unknownBundle().encode());
    }

    @Test
    void theBoundIsExactWhetherTheValueFitsKryosBufferOrNot() {
        for (int length : new int[] {100, 5_000_000}) {
            List<String> text = List.of("x".repeat(length));
            int size = Values.write(text, LOADER).length;
            assertThat(joined(Values.writeChunks(text, LOADER, size))).hasSize(size);
            assertThatThrownBy(() -> Values.writeChunks(text, LOADER, size - 1))
                    .isInstanceOfSatisfying(ValueTooLargeException.class, e -> {
                        assertThat(e.limit()).isEqualTo(size - 1);
                        assertThat(e).hasMessageContaining(text.getClass().getName(), String.valueOf(size - 1));
                    });
        }
        // A value written flat (FlatValues) is bounded as exactly.
        int flat = Values.writeChunks("x".repeat(100), LOADER, 1024)[0].length;
        assertThat(Values.writeChunks("x".repeat(100), LOADER, flat)[0]).hasSize(flat);
        assertThatThrownBy(() -> Values.writeChunks("x".repeat(100), LOADER, flat - 1))
                .isInstanceOfSatisfying(ValueTooLargeException.class,
                        e -> assertThat(e).hasMessageContaining("java.lang.String", String.valueOf(flat - 1)));
        // The writer that refused is not left half-way: the next value on this thread encodes whole.
        assertThat(Values.read(joined(Values.writeChunks(rows(10), LOADER, 1 << 20)), LOADER)).isEqualTo(rows(10));
    }
}
