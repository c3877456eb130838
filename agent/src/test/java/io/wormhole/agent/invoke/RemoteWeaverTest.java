package io.wormhole.agent.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.Remote;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * The woven body of a {@code @Remote} method hands {@link Woven#remote} the method's class, name, descriptor,
 * receiver and boxed arguments, and turns its answer into the method's return type; the original body never runs,
 * and the rest of the class is untouched. {@link WovenStub}, renamed to {@code Woven}, takes the call in a loader of
 * its own.
 */
class RemoteWeaverTest {
    private Class<?> target;
    private Class<?> stub;

    @BeforeEach
    void weave() throws Exception {
        byte[] woven = RemoteWeaver.weave(bytes(WeavingTarget.class));
        assertThat(woven).isNotNull();
        ClassWriter renamed = new ClassWriter(0);
        new ClassReader(bytes(WovenStub.class)).accept(new ClassRemapper(renamed, new SimpleRemapper(
                "io/wormhole/agent/invoke/WovenStub", "io/wormhole/agent/invoke/Woven")), 0);
        Isolated loader = new Isolated(woven, renamed.toByteArray());
        target = loader.loadClass(WeavingTarget.class.getName());
        stub = loader.loadClass(Woven.class.getName());
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
        assertThat(RemoteWeaver.weave(bytes(WovenStub.class))).isNull();
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

    private Object[] last() throws ReflectiveOperationException {
        return (Object[]) stub.getField("last").get(null);
    }

    private static byte[] bytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines the woven class and the stub; everything else comes from the test's loader. */
    private static final class Isolated extends ClassLoader {
        private final byte[] target;
        private final byte[] woven;

        Isolated(byte[] target, byte[] woven) {
            super(RemoteWeaverTest.class.getClassLoader());
            this.target = target;
            this.woven = woven;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && name.equals(WeavingTarget.class.getName())) {
                    c = defineClass(name, target, 0, target.length);
                } else if (c == null && name.equals(Woven.class.getName())) {
                    c = defineClass(name, woven, 0, woven.length);
                } else if (c == null) {
                    return super.loadClass(name, resolve);
                }
                return c;
            }
        }
    }
}
