package io.wormhole.agent.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wormhole.Remote;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * The woven {@code @Remote} methods of a class. In remote mode a method hands {@link Woven#remote} its class, name,
 * descriptor, receiver and boxed arguments, and turns the answer into its return type; its own body never runs. In
 * local mode its body runs between {@link Woven#local} and {@link LocalCall#end}, which learns what the body threw.
 * The rest of the class is untouched. {@link WovenStub} and {@link LocalCallStub}, renamed to {@code Woven} and
 * {@code LocalCall}, take the calls in a loader of the test's own, and the JVM verifies every woven class it defines.
 */
class RemoteWeaverTest {
    private static final Map<String, String> STUBS = Map.of(
            "io/wormhole/agent/invoke/WovenStub", "io/wormhole/agent/invoke/Woven",
            "io/wormhole/agent/invoke/LocalCallStub", "io/wormhole/agent/invoke/LocalCall");

    private Class<?> target;
    private Class<?> stub;
    private Class<?> localCall;

    private void weave(boolean local) throws Exception {
        byte[] woven = RemoteWeaver.weave(bytes(WeavingTarget.class), local);
        assertThat(woven).isNotNull();
        Isolated loader = new Isolated(Map.of(WeavingTarget.class.getName(), woven,
                Woven.class.getName(), renamed(WovenStub.class), LocalCall.class.getName(),
                renamed(LocalCallStub.class)));
        target = loader.loadClass(WeavingTarget.class.getName());
        stub = loader.loadClass(Woven.class.getName());
        localCall = loader.loadClass(LocalCall.class.getName());
    }

    @BeforeEach
    void remoteMode() throws Exception {
        weave(false);
    }

    @Test
    void aStaticMethodHandsOverEveryArgumentBoxed() throws Throwable {
        answer(7);
        int[] ints = {1, 2};
        Object result = method("mix").invoke(null, 1, 2L, 3.5, true, 'c', (byte) 4, (short) 5, 6.5f, "text", ints);
        assertThat(result).isEqualTo(7);
        Object[] call = last();
        assertThat(call[0]).isSameAs(target);
        assertThat(call[1]).isEqualTo("mix");
        assertThat(call[2]).isEqualTo("(IJDZCBSFLjava/lang/String;[I)I");
        assertThat(call[3]).isNull();
        assertThat((Object[]) call[4]).containsExactly(1, 2L, 3.5, true, 'c', (byte) 4, (short) 5, 6.5f, "text", ints);
    }

    @Test
    void anInstanceMethodHandsOverItsReceiverAndKeepsItsAnnotation() throws Throwable {
        answer("described");
        Object receiver = target.getConstructor(String.class).newInstance("n");
        Method describe = method("describe");
        assertThat(describe.invoke(receiver, "p")).isEqualTo("described");
        assertThat(last()[3]).isSameAs(receiver);
        assertThat((Object[]) last()[4]).containsExactly("p");
        assertThat(describe.getAnnotation(Remote.class).retries()).isEqualTo(2);
    }

    @Test
    void returnsOfEachKindAreConverted() throws Throwable {
        answer(null);
        assertThat(method("nothing").invoke(null)).isNull();
        assertThat(last()[2]).isEqualTo("()V");
        answer(new long[] {3L});
        assertThat((long[]) method("longs").invoke(null, 3L)).containsExactly(3L);
        answer(0.25);
        assertThat(method("half").invoke(null, 0.5)).isEqualTo(0.25);
        answer(Boolean.TRUE);
        assertThat(method("flag").invoke(null)).isEqualTo(true);
    }

    @Test
    void methodsWithoutRemoteAreLeftAsTheyWere() throws Throwable {
        Object receiver = target.getConstructor(String.class).newInstance("n");
        assertThat(target.getMethod("local", int.class).invoke(receiver, 1)).isEqualTo("n2");
        assertThat(RemoteWeaver.weave(bytes(WovenStub.class), false)).isNull();
        assertThat(RemoteWeaver.weave(bytes(WovenStub.class), true)).isNull();
    }

    @Test
    void inLocalModeTheBodyRunsBetweenTheBeginningAndTheEndOfTheCall() throws Throwable {
        weave(true);
        Object receiver = target.getConstructor(String.class).newInstance("ab");
        Method repeat = method("repeat");
        assertThat(repeat.invoke(receiver, 3, 9L)).isEqualTo("ababab");
        assertThat(last()[1]).isEqualTo("repeat");
        assertThat(last()[2]).isEqualTo("(IJ)Ljava/lang/String;");
        assertThat((Object[]) last()[4]).containsExactly(3, 9L);
        assertThat(ends()).containsExactly("returned");
        assertThat(repeat.getAnnotation(Remote.class)).as("the woven method keeps @Remote").isNotNull();
        Method body = target.getDeclaredMethod("repeat" + RemoteWeaver.BODY_SUFFIX, int.class, long.class);
        assertThat(body.isSynthetic()).isTrue();
        assertThat(Modifier.isPrivate(body.getModifiers())).isTrue();
        assertThat(body.getAnnotation(Remote.class)).as("the moved body is not @Remote").isNull();
    }

    @Test
    void inLocalModeWhatTheBodyThrowsEndsTheCallAndIsThrown() throws Throwable {
        weave(true);
        assertThatThrownBy(() -> method("fails").invoke(null, 1.5))
                .isInstanceOf(InvocationTargetException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("failed with 1.5");
        assertThat(ends()).hasSize(1).first().isInstanceOf(IllegalStateException.class);
    }

    /**
     * A default method moves to a private interface method, which class files before version 53 cannot have: there
     * the body stays public and is called through the interface. The same interface, marked as version 52, is woven
     * both ways.
     */
    @Test
    void inLocalModeAnInterfacesDefaultMethodRunsItsBodyWhateverItsClassFileVersion() throws Throwable {
        byte[] current = bytes(WeavingInterface.class);
        byte[] java8 = current.clone();
        java8[6] = 0;
        java8[7] = 52;
        for (byte[] original : new byte[][] {current, java8}) {
            byte[] woven = RemoteWeaver.weave(original, true);
            Isolated loader = new Isolated(Map.of(WeavingInterface.class.getName(), woven,
                    Woven.class.getName(), renamed(WovenStub.class), LocalCall.class.getName(),
                    renamed(LocalCallStub.class)));
            Class<?> type = loader.loadClass(WeavingInterface.class.getName());
            Object named = java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {type}, (proxy, m, args) ->
                    m.getName().equals("name") ? "ada"
                    : java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args));
            assertThat(type.getMethod("greet", String.class).invoke(named, "hello")).isEqualTo("hello ada");
            Method body = type.getDeclaredMethod("greet" + RemoteWeaver.BODY_SUFFIX, String.class);
            assertThat(Modifier.isPrivate(body.getModifiers())).as("private body at version %d", original[7])
                    .isEqualTo(original == current);
            @SuppressWarnings("unchecked")
            List<Object> ends = (List<Object>) loader.loadClass(LocalCall.class.getName()).getField("ENDS").get(null);
            assertThat(ends).containsExactly("returned");
        }
    }

    private Method method(String name) {
        for (Method m : target.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(name);
    }

    private void answer(Object value) throws ReflectiveOperationException {
        stub.getField("answer").set(null, value);
    }

    @SuppressWarnings("unchecked")
    private List<Object> ends() throws ReflectiveOperationException {
        return (List<Object>) localCall.getField("ENDS").get(null);
    }

    private Object[] last() throws ReflectiveOperationException {
        return (Object[]) stub.getField("last").get(null);
    }

    private static byte[] renamed(Class<?> stubClass) throws IOException {
        ClassWriter renamed = new ClassWriter(0);
        new ClassReader(bytes(stubClass)).accept(new ClassRemapper(renamed, new SimpleRemapper(STUBS)), 0);
        return renamed.toByteArray();
    }

    private static byte[] bytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines the woven class and the stubs; everything else comes from the test's loader. */
    private static final class Isolated extends ClassLoader {
        private final Map<String, byte[]> defined;

        Isolated(Map<String, byte[]> defined) {
            super(RemoteWeaverTest.class.getClassLoader());
            this.defined = defined;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && defined.containsKey(name)) {
                    byte[] bytes = defined.get(name);
                    c = defineClass(name, bytes, 0, bytes.length);
                } else if (c == null) {
                    return super.loadClass(name, resolve);
                }
                return c;
            }
        }
    }
}
