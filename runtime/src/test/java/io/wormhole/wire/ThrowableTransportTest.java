package io.wormhole.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wormhole.RemoteExecutionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.Socket;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrowableTransportTest {
    private static final ClassLoader LOADER = ThrowableTransportTest.class.getClassLoader();
    private static final StackTraceElement[] CLIENT = {
        new StackTraceElement("com.example.App", "main", "App.java", 10),
        new StackTraceElement("com.example.App", "run", "App.java", 20)};

    /** An application exception whose constructor rewrites the message and which holds state of its own. */
    static class InsufficientFunds extends Exception {
        private final long account;
        private final List<String> history;
        private final transient Object cache = new Object();
        private final Object unsendable;

        InsufficientFunds(long account, List<String> history, Object unsendable) {
            super("insufficient funds in account " + account);
            this.account = account;
            this.history = history;
            this.unsendable = unsendable;
        }
    }

    private static Throwable roundTrip(Throwable t) {
        return ThrowableTransport.read(ThrowableTransport.write(t, LOADER), LOADER, CLIENT);
    }

    @Test
    void anApplicationExceptionKeepsItsClassMessageFieldsAndCause() throws Exception {
        try (Socket socket = new Socket()) {
            InsufficientFunds thrown = new InsufficientFunds(42, List.of("deposit", "withdrawal"), socket);
            thrown.initCause(new IllegalStateException("locked", new IOException("disk")));
            thrown.addSuppressed(new UncheckedIOException("closing", new IOException("gone")));

            Throwable back = roundTrip(thrown);

            assertThat(back).isExactlyInstanceOf(InsufficientFunds.class)
                    .hasMessage("insufficient funds in account 42");
            InsufficientFunds funds = (InsufficientFunds) back;
            assertThat(funds.account).isEqualTo(42);
            assertThat(funds.history).containsExactly("deposit", "withdrawal");
            assertThat(funds.unsendable).as("a socket cannot travel, the exception still does").isNull();
            assertThat(back.getCause()).isExactlyInstanceOf(IllegalStateException.class).hasMessage("locked");
            assertThat(back.getCause().getCause()).isExactlyInstanceOf(IOException.class).hasMessage("disk");
            assertThat(back.getSuppressed()).hasSize(1);
            assertThat(back.getSuppressed()[0]).isExactlyInstanceOf(UncheckedIOException.class)
                    .hasMessage("closing").hasCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void serverFramesStandAboveClientFrames() {
        IllegalArgumentException thrown = new IllegalArgumentException("bad");
        StackTraceElement[] server = thrown.getStackTrace();
        Throwable back = roundTrip(thrown);
        StackTraceElement[] frames = back.getStackTrace();
        assertThat(Arrays.copyOfRange(frames, frames.length - CLIENT.length, frames.length)).containsExactly(CLIENT);
        assertThat(frames[0]).isEqualTo(server[0]);
        assertThat(frames.length).isLessThanOrEqualTo(server.length + CLIENT.length);
    }

    public static void failing() {
        throw new IllegalStateException("inside the remote method");
    }

    @Test
    void theServersInvocationFramesAreLeftOut() throws Exception {
        Method m = ThrowableTransportTest.class.getMethod("failing");
        Throwable thrown;
        try {
            m.invoke(null);
            throw new AssertionError("unreachable");
        } catch (InvocationTargetException e) {
            thrown = e.getCause();
        }
        Throwable back = roundTrip(thrown);
        assertThat(back.getStackTrace()).hasSize(1 + CLIENT.length);
        assertThat(back.getStackTrace()[0].getMethodName()).isEqualTo("failing");
        assertThat(back.getStackTrace()[1]).isEqualTo(CLIENT[0]);
    }

    @Test
    void sqlExceptionsKeepTheirSqlState() {
        Throwable back = roundTrip(new SQLIntegrityConstraintViolationException("duplicate key", "23505", 7));
        assertThat(back).isExactlyInstanceOf(SQLIntegrityConstraintViolationException.class)
                .hasMessage("duplicate key");
        assertThat(((SQLException) back).getSQLState()).isEqualTo("23505");
        assertThat(((SQLException) back).getErrorCode()).isEqualTo(7);

        class VendorException extends SQLException {
            VendorException() {
                super("serialization failure", "40001");
            }
        }
        Throwable vendor = roundTrip(new VendorException());
        assertThat(vendor).isExactlyInstanceOf(VendorException.class).hasMessage("serialization failure");
        assertThat(((SQLException) vendor).getSQLState()).isEqualTo("40001");
    }

    @Test
    void aClassTheClientLacksBecomesRemoteExecutionException() throws Exception {
        ClassLoader server = Fixtures.bundleLoader();
        Throwable thrown = (Throwable) Class.forName("com.example.values.OverdrawnException", true, server)
                .getConstructor(long.class).newInstance(9L);
        thrown.initCause(new SQLException("no", "40P01"));
        byte[] payload = ThrowableTransport.write(thrown, server);

        Throwable back = ThrowableTransport.read(payload, LOADER, CLIENT);

        assertThat(back).isExactlyInstanceOf(RemoteExecutionException.class).hasMessage("account 9 is overdrawn");
        RemoteExecutionException remote = (RemoteExecutionException) back;
        assertThat(remote.remoteClassName()).isEqualTo("com.example.values.OverdrawnException");
        assertThat(remote.toString()).isEqualTo("io.wormhole.RemoteExecutionException: "
                + "com.example.values.OverdrawnException: account 9 is overdrawn");
        assertThat(back.getCause()).isExactlyInstanceOf(SQLException.class);
        assertThat(((SQLException) back.getCause()).getSQLState()).isEqualTo("40P01");

        Throwable atHome = ThrowableTransport.read(payload, Fixtures.otherLoader(), CLIENT);
        assertThat(atHome.getClass().getName()).isEqualTo("com.example.values.OverdrawnException");
        assertThat(atHome).hasMessage("account 9 is overdrawn");
        assertThat(atHome.getClass().getMethod("account").invoke(atHome)).isEqualTo(9L);
    }

    @Test
    void aRemoteExecutionExceptionTravelsOnAsWhatItStandsFor() {
        Throwable back = roundTrip(new RemoteExecutionException("com.acme.Gone", "gone", "P0001", 3, null));
        assertThat(back).isExactlyInstanceOf(RemoteExecutionException.class).hasMessage("gone");
        assertThat(((RemoteExecutionException) back).remoteClassName()).isEqualTo("com.acme.Gone");
        assertThat(((RemoteExecutionException) back).sqlState()).isEqualTo("P0001");
    }

    @Test
    void exceptionsAreValuesToo() {
        Object back = Values.read(Values.write(List.of(new ArithmeticException("/ by zero")), LOADER), LOADER);
        assertThat((Throwable) ((List<?>) back).get(0)).isExactlyInstanceOf(ArithmeticException.class).hasMessage("/ by zero");
    }

    @Test
    void theServerRebuildsOnlyBundleExceptions() {
        ClassLoader bundle = Fixtures.bundleLoader();
        Object back = Values.read(Values.write(new Object[] {new IllegalStateException("x")}, bundle), bundle,
                ValueLimits.DEFAULT);
        assertThat((Throwable) ((Object[]) back)[0]).isExactlyInstanceOf(RemoteExecutionException.class).hasMessage("x");
    }

    @Test
    void aPayloadThatIsNoExceptionIsRefused() {
        assertThatThrownBy(() -> ThrowableTransport.read(Values.write("text", LOADER), LOADER, CLIENT))
                .isInstanceOf(ValueException.class).hasMessageContaining("not an exception");
    }
}
