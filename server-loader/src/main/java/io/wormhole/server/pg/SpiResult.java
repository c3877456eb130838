package io.wormhole.server.pg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a statement or a cursor fetch returned: the SPI status, the number of rows processed, the columns and the
 * rows as text (PostgreSQL's output functions, UTF-8), and the notices the statement raised.
 *
 * <p>Layout written by the natives (big-endian): int32 SPI status, int64 rows processed, int32 column count (-1
 * when the statement returns no rows), per column: str name, int32 type OID, int32 type modifier, int32 table OID,
 * int16 column number, int8 1 when the column's cells are binary (or -2 and no columns: those of the plan's last
 * result); int32 row count, per row per column: int32 length (-1 NULL) and bytes (binary cells: {@code bool} one
 * byte, {@code int2}, {@code int4}, {@code oid} and {@code int8} big-endian, their output functions' work left to
 * Java); int32 notice count,
 * per notice: str severity, str SQLSTATE, str message, str detail, str hint. A str is int32 length (-1 null) and
 * UTF-8 bytes. Values are decoded lazily: a large fetch costs one array, not one string per cell.
 */
public final class SpiResult {
    /** SPI status codes of {@code executor/spi.h} that callers distinguish. */
    public static final int SPI_OK_UTILITY = 4;
    public static final int SPI_OK_SELECT = 5;
    public static final int SPI_OK_INSERT = 7;
    public static final int SPI_OK_DELETE = 8;
    public static final int SPI_OK_UPDATE = 9;
    public static final int SPI_OK_INSERT_RETURNING = 11;
    public static final int SPI_OK_DELETE_RETURNING = 12;
    public static final int SPI_OK_UPDATE_RETURNING = 13;
    public static final int SPI_OK_MERGE = 18;

    private static final int SAME_COLUMNS = -2;

    /** {@code binary}: its cells hold the value itself (see the layout above), not its text. */
    public record Column(String name, int typeOid, int typmod, int tableOid, int columnNumber, boolean binary) {}

    public record Notice(String severity, String sqlState, String message, String detail, String hint) {}

    /**
     * A result's columns as a list, and as an array for the cell accessors, which run for every cell read and would
     * otherwise make an interface call each in C1 code (a backend's first thousands of calls). One per description:
     * the results of a plan that refer to its last description share it.
     */
    static final class Columns {
        private static final Columns NONE = new Columns(List.of());
        private final List<Column> list;
        private final Column[] array;

        private Columns(List<Column> list) {
            this.list = list;
            this.array = list.toArray(new Column[0]);
        }
    }

    private final byte[] data;
    private final int status;
    private final long processed;
    private final Columns columns;
    private final int width;
    private final int rowCount;
    private final int[] cellOffsets;
    private final List<Notice> notices;
    private final int descriptionId;

    SpiResult(byte[] data) {
        this(data, null);
    }

    /**
     * {@code described}: the columns of the plan's description the caller holds, which a result of the same plan may
     * refer to.
     */
    SpiResult(byte[] data, Columns described) {
        this.data = data;
        // Read by hand, not through a ByteBuffer: every statement parses one, and C1 code (a backend's first calls)
        // pays for each buffer call and for the buffer itself.
        status = length(0);
        processed = ((long) length(4) << 32) | (length(8) & 0xFFFF_FFFFL);
        int ncols = length(12);
        int at = 16;
        if (ncols == SAME_COLUMNS) {
            if (described == null) {
                throw new IllegalStateException("the result refers to columns this plan was never told");
            }
            columns = described;
            descriptionId = SAME_COLUMNS;
        } else {
            descriptionId = ncols >= 0 ? length(at) : 0;
            at += ncols >= 0 ? 4 : 0;
            List<Column> cols = new ArrayList<>(Math.max(ncols, 0));
            for (int i = 0; i < ncols; i++) {
                String name = str(at);
                at = skipStr(at);
                cols.add(new Column(name, length(at), length(at + 4), length(at + 8),
                        (short) ((data[at + 12] << 8) | (data[at + 13] & 0xff)), data[at + 14] != 0));
                at += 15;
            }
            columns = ncols > 0 ? new Columns(List.copyOf(cols)) : Columns.NONE;
        }
        width = columns.array.length;
        rowCount = length(at);
        at += 4;
        cellOffsets = new int[rowCount * width];
        for (int i = 0; i < cellOffsets.length; i++) {
            cellOffsets[i] = at;
            at = skipStr(at);
        }
        int nnotices = length(at);
        at += 4;
        if (nnotices == 0) {
            notices = List.of();
        } else {
            List<Notice> ns = new ArrayList<>(nnotices);
            for (int i = 0; i < nnotices; i++) {
                String[] fields = new String[5];
                for (int f = 0; f < fields.length; f++) {
                    fields[f] = str(at);
                    at = skipStr(at);
                }
                ns.add(new Notice(fields[0], fields[1], fields[2], fields[3], fields[4]));
            }
            notices = List.copyOf(ns);
        }
    }

    /** The str (or cell) at {@code at}: int32 length (-1 null) and that many UTF-8 bytes. */
    private String str(int at) {
        int len = length(at);
        return len < 0 ? null : new String(data, at + 4, len, StandardCharsets.UTF_8);
    }

    /** Where the str (or cell) at {@code at} ends. */
    private int skipStr(int at) {
        return at + 4 + Math.max(length(at), 0);
    }

    /** The id of the column description this result carried, or -2 when it referred to the caller's. */
    int descriptionId() {
        return descriptionId;
    }

    public int status() {
        return status;
    }

    public long processed() {
        return processed;
    }

    /** Whether the statement returns rows (a query, or DML with RETURNING). */
    public boolean hasRows() {
        return width > 0 || status == SPI_OK_SELECT;
    }

    public List<Column> columns() {
        return columns.list;
    }

    /** The columns, to be handed to the next result of the same plan (see the constructor). */
    Columns description() {
        return columns;
    }

    public int rowCount() {
        return rowCount;
    }

    public List<Notice> notices() {
        return notices;
    }

    private int offset(int row, int column) {
        if (row < 0 || row >= rowCount || column < 0 || column >= width) {
            throw new IndexOutOfBoundsException("row " + row + ", column " + column);
        }
        return cellOffsets[row * width + column];
    }

    private int length(int offset) {
        return (data[offset] << 24) | ((data[offset + 1] & 0xff) << 16) | ((data[offset + 2] & 0xff) << 8)
                | (data[offset + 3] & 0xff);
    }

    public boolean isNull(int row, int column) {
        return length(offset(row, column)) < 0;
    }

    /** The value's text, or {@code null} for SQL NULL: a binary cell's as its type's output function writes it. */
    public String text(int row, int column) {
        int off = offset(row, column);
        int len = length(off);
        if (len < 0) {
            return null;
        }
        if (!columns.array[column].binary()) {
            return new String(data, off + 4, len, StandardCharsets.UTF_8);
        }
        return Params.fixedText(columns.array[column].typeOid(), fixed(row, column));
    }

    /** Whether the column's cells are binary ({@link #fixed}). */
    public boolean isBinary(int column) {
        return columns.array[column].binary();
    }

    /** The column's type OID (0-based, as the cell accessors count). */
    public int typeOid(int column) {
        return columns.array[column].typeOid();
    }

    /**
     * A binary cell's value: {@code bool} as 1 or 0, {@code oid} unsigned, the integers as they are. The cell must
     * not be NULL.
     */
    public long fixed(int row, int column) {
        int off = offset(row, column);
        long v = cellValue(off, length(off));
        return columns.array[column].typeOid() == Oids.OID ? v & 0xFFFF_FFFFL : v;
    }

    private long cellValue(int off, int len) {
        return switch (len) {
            case 1 -> data[off + 4];
            case 2 -> (short) ((data[off + 4] << 8) | (data[off + 5] & 0xff));
            case 4 -> length(off + 4);
            default -> ((long) length(off + 4) << 32) | (length(off + 8) & 0xFFFF_FFFFL);
        };
    }
}
