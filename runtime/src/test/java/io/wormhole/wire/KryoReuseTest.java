package io.wormhole.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A backend that alternates between the methods of two bundles reads each call's arguments through another class
 * loader: each loader must keep its Kryo, not get a new one (built at a cost of more than a call) every time.
 */
class KryoReuseTest {

    private static ClassLoader bundleLoader() {
        return new ClassLoader(KryoReuseTest.class.getClassLoader()) {};
    }

    @Test
    void alternatingLoadersKeepTheirKryo() {
        ClassLoader first = bundleLoader();
        ClassLoader second = bundleLoader();
        WireKryo firstKryo = Values.kryo(first, ValueLimits.DEFAULT, true);
        WireKryo secondKryo = Values.kryo(second, ValueLimits.DEFAULT, true);
        assertThat(secondKryo).isNotSameAs(firstKryo);
        for (int call = 0; call < 10; call++) {
            assertThat(Values.kryo(first, ValueLimits.DEFAULT, true)).isSameAs(firstKryo);
            assertThat(Values.kryo(second, ValueLimits.DEFAULT, true)).isSameAs(secondKryo);
        }
    }

    @Test
    void alternatingCallsReadTheirValuesWithTheirOwnLoadersKryo() {
        ClassLoader first = bundleLoader();
        ClassLoader second = bundleLoader();
        byte[] arguments = Values.writeArguments(new Object[] {42L, "x"}, KryoReuseTest.class.getClassLoader());
        for (int call = 0; call < 3; call++) {
            assertThat(Values.readArguments(arguments, first, ValueLimits.DEFAULT)).containsExactly(42L, "x");
            assertThat(Values.readArguments(arguments, second, ValueLimits.DEFAULT)).containsExactly(42L, "x");
        }
        WireKryo firstKryo = Values.kryo(first, ValueLimits.DEFAULT, true);
        Values.readArguments(arguments, second, ValueLimits.DEFAULT);
        assertThat(Values.kryo(first, ValueLimits.DEFAULT, true)).isSameAs(firstKryo);
    }

    @Test
    void aKryoThatFailedIsNotUsedAgain() {
        ClassLoader loader = bundleLoader();
        WireKryo before = Values.kryo(loader, ValueLimits.DEFAULT, true);
        byte[] corrupt = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThatThrownBy(() -> Values.readArguments(corrupt, loader, ValueLimits.DEFAULT))
                .isInstanceOf(ValueException.class);
        assertThat(Values.kryo(loader, ValueLimits.DEFAULT, true)).isNotSameAs(before);
    }
}
