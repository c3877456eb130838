package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * What a backend's JVM compiles, as it reports it ({@code -Xlog:jit+compilation=debug}, one line a compile and its
 * tier, to a file of this log's own, which the JVM writes line by line): tests that need code compiled by C2 wait
 * for the report instead of guessing how long the compiler takes.
 */
final class CompileLog implements AutoCloseable {
    private static final long PATIENCE_NANOS = 60_000_000_000L;

    private final Path file;

    private CompileLog(Path file) {
        this.file = file;
    }

    /** Sets {@code c}'s JVM options (before its backend starts its JVM) to the defaults, {@code extra}, and the log. */
    static CompileLog of(Connection c, String extra) throws SQLException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "wormhole-jit-" + System.nanoTime() + ".log");
        JvmOptions.change(c, defaults -> defaults + " " + extra + " -Xlog:jit+compilation=debug:file=" + file);
        return new CompileLog(file);
    }

    /**
     * Whether the JVM reported {@code className.method} compiled at {@code tier} (3: C1 with profiles; 4: C2); an
     * empty {@code method} stands for any of the class's.
     */
    boolean compiled(String className, String method, int tier) throws IOException {
        return Files.exists(file) && Pattern.compile("\\s" + tier + "\\s+" + Pattern.quote(className + "::" + method)
                + "\\b").matcher(Files.readString(file, StandardCharsets.UTF_8)).find();
    }

    /** Waits, up to a minute, for the JVM to report {@code className.method} compiled at {@code tier}. */
    void awaitCompiled(String className, String method, int tier) throws Exception {
        long until = System.nanoTime() + PATIENCE_NANOS;
        while (!compiled(className, method, tier)) {
            assertThat(System.nanoTime()).as("%s compiled at tier %d within a minute", method, tier).isLessThan(until);
            Thread.sleep(50); // between reads of the report: the compiler needs the CPU
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
