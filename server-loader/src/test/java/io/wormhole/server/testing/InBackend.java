package io.wormhole.server.testing;

import io.wormhole.wire.Bundle;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.ThrowableTransport;
import io.wormhole.wire.Values;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.objectweb.asm.Type;

/**
 * Runs a static method of a test class inside the backend behind a pgJDBC connection, the way the agent will: the
 * class and its nested classes travel as a bundle in a request frame through {@code wormhole.invoke}. A
 * {@code java.sql.Connection} parameter receives the server-side connection (pass {@code null} for it).
 */
public final class InBackend {
    private InBackend() {}

    /** Runs the method and returns its result; an exception of the method is thrown here as itself. */
    public static Object call(Connection pg, Class<?> declaring, String method, Object... args) throws Throwable {
        return outcome(send(pg, request(declaring, method, args)), "the server did not take the inline bundle");
    }

    /** As {@link #call}, shipping {@code bundle} (the declaring class's, changed by the test) instead. */
    public static Object callIn(Connection pg, Bundle bundle, Class<?> declaring, String method, Object... args)
            throws Throwable {
        Request request = Request.withBundle(bundle, declaring.getName(), method,
                Type.getMethodDescriptor(find(declaring, method)),
                Values.writeArguments(args, InBackend.class.getClassLoader()));
        return outcome(send(pg, request), "the server did not take the inline bundle");
    }

    /** As {@link #call}, naming the bundle by its hash alone, as the agent does once the server holds it. */
    public static Object callStored(Connection pg, Class<?> declaring, String method, Object... args)
            throws Throwable {
        return outcome(send(pg, request(declaring, method, args).withoutBundle()),
                "the server does not hold the bundle");
    }

    private static Object outcome(Response response, String unknownBundle) throws Throwable {
        return switch (response.status()) {
            case RETURNED -> Values.read(response.payload(), InBackend.class.getClassLoader());
            case THREW -> throw ThrowableTransport.read(response.payload(), InBackend.class.getClassLoader(),
                    new Throwable().getStackTrace());
            case UNKNOWN_BUNDLE -> throw new IllegalStateException(unknownBundle);
        };
    }

    /** Runs the method so that an exception of the method fails the statement with a PostgreSQL ERROR. */
    public static Object callRaising(Connection pg, Class<?> declaring, String method, Object... args)
            throws Throwable {
        Response response = send(pg, request(declaring, method, args).raisingErrors());
        return Values.read(response.payload(), InBackend.class.getClassLoader());
    }

    public static Request request(Class<?> declaring, String method, Object... args) {
        Method m = find(declaring, method);
        return Request.withBundle(bundleOf(declaring), declaring.getName(), method, Type.getMethodDescriptor(m),
                Values.writeArguments(args, InBackend.class.getClassLoader()));
    }

    public static Response send(Connection pg, Request request) throws SQLException {
        return Response.decode(invokeRaw(pg, request.encode()));
    }

    /** Sends any bytes to {@code wormhole.invoke}, for tests of bad frames. */
    public static byte[] invokeRaw(Connection pg, byte[] frame) throws SQLException {
        try (PreparedStatement st = pg.prepareStatement("SELECT wormhole.invoke(?)")) {
            st.setBytes(1, frame);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    private static Method find(Class<?> declaring, String name) {
        Method found = null;
        for (Method m : declaring.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                if (found != null) {
                    throw new IllegalArgumentException(declaring.getName() + "." + name + " is overloaded");
                }
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("no method " + name + " in " + declaring.getName());
        }
        return found;
    }

    /** The top-level class and every class nested in it, as compiled. */
    public static Bundle bundleOf(Class<?> declaring) {
        Class<?> top = declaring;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        Map<String, byte[]> classes = new HashMap<>();
        try {
            Path file = Path.of(top.getResource(top.getSimpleName() + ".class").toURI());
            String prefix = top.getSimpleName() + "$";
            String pkg = top.getPackageName().isEmpty() ? "" : top.getPackageName() + ".";
            try (Stream<Path> siblings = Files.list(file.getParent())) {
                for (Path p : siblings.toList()) {
                    String f = p.getFileName().toString();
                    if (f.equals(top.getSimpleName() + ".class") || (f.startsWith(prefix) && f.endsWith(".class"))) {
                        try (InputStream in = Files.newInputStream(p)) {
                            classes.put(pkg + f.substring(0, f.length() - 6), in.readAllBytes());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new Bundle(classes);
    }
}
