package io.wormhole.agent.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wormhole.wire.Bundle;
import io.wormhole.wire.ValueLimits;
import io.wormhole.wire.Values;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

class ClosureCollectorTest {
    private static final String P = "com.example.closure.";
    private static final ClassLoader APP = ClosureCollectorTest.class.getClassLoader();

    private static Bundle quoteBundle() throws Exception {
        return new ClosureCollector().bundleFor(Class.forName(P + "Pricing").getMethod("quote",
                Class.forName(P + "Order")));
    }

    @Test
    void shipsExactlyWhatTheMethodCanReach() throws Exception {
        assertThat(quoteBundle().classes().keySet()).containsExactlyInAnyOrder(
                P + "Pricing", P + "Pricing$1", P + "Pricing$Counter", P + "Order", P + "Customer", P + "Line",
                P + "Quote", P + "Pair", P + "Tier", P + "Tier$1", P + "Discount", P + "Formatter",
                P + "Formatter$Plain");
    }

    @Test
    void prunesWhatCannotBeReached() throws Exception {
        Bundle bundle = quoteBundle();
        ClassNode pricing = node(bundle, "Pricing");
        assertThat(names(pricing.methods)).containsExactlyInAnyOrder("<clinit>()V", "<init>(Ljava/lang/String;)V",
                "quote(Lcom/example/closure/Order;)Lcom/example/closure/Quote;",
                "linePrice(Lcom/example/closure/Line;)Ljava/math/BigDecimal;", "scale()I",
                "lambda$quote$0(Lcom/example/closure/Line;)Ljava/lang/String;");
        assertThat(pricing.fields.stream().map(f -> f.name)).containsExactlyInAnyOrder("SCALE", "currency");
        assertThat(names(node(bundle, "Discount").methods)).containsExactlyInAnyOrder(
                "apply(Ljava/math/BigDecimal;)Ljava/math/BigDecimal;", "name()Ljava/lang/String;");
        assertThat(names(node(bundle, "Tier$1").methods)).containsExactly("<init>(Ljava/lang/String;ILcom/example/closure/Discount;)V");
        for (var e : bundle.classes().entrySet()) {
            String constants = new String(e.getValue(), StandardCharsets.ISO_8859_1);
            assertThat(constants).as(e.getKey()).doesNotContain("java/io/File", "java/util/logging", "Unshipped");
        }
    }

    @Test
    void keepsWhatRecordsEnumsAndLambdasNeed() throws Exception {
        Bundle bundle = quoteBundle();
        assertThat(names(node(bundle, "Line").methods)).contains("sku()Ljava/lang/String;", "quantity()I",
                "<init>(Ljava/lang/String;ILjava/math/BigDecimal;)V", "toString()Ljava/lang/String;",
                "hashCode()I", "equals(Ljava/lang/Object;)Z");
        assertThat(names(node(bundle, "Tier").methods)).contains("values()[Lcom/example/closure/Tier;",
                "valueOf(Ljava/lang/String;)Lcom/example/closure/Tier;", "discount()Lcom/example/closure/Discount;")
                .doesNotContain("badge()Ljava/lang/String;");
        assertThat(names(node(bundle, "Pricing$1").methods)).contains(
                "compare(Ljava/lang/Object;Ljava/lang/Object;)I",
                "compare(Lcom/example/closure/Line;Lcom/example/closure/Line;)I");
        assertThat(node(bundle, "Pricing").innerClasses.stream().map(i -> i.name))
                .allMatch(n -> bundle.classes().containsKey(n.replace('/', '.'))
                        || n.startsWith("java/"));
    }

    @Test
    void theBundleRunsInALoaderThatSeesNothingElse() throws Exception {
        Bundle bundle = quoteBundle();
        Object expected = quote(APP);
        BundleClassLoader loader = new BundleClassLoader(bundle);
        for (String name : bundle.classes().keySet()) {
            Class<?> c = Class.forName(name, true, loader); // defines, verifies, initializes
            c.getDeclaredMethods();
            c.getDeclaredFields();
        }
        Object actual = quote(loader);
        assertThat(actual.getClass().getClassLoader()).isSameAs(loader);
        assertThat(actual.toString()).isEqualTo(expected.toString())
                .isEqualTo("Quote[total=27.00, firstSku=A-1, text=[discount] 27.0000, lines=2]");
    }

    @Test
    void anInstanceMethodShipsItsReceiversClass() throws Exception {
        Method describe = Class.forName(P + "Pricing").getMethod("describe", Class.forName(P + "Line"));
        Bundle bundle = new ClosureCollector().bundleFor(describe);
        assertThat(bundle.classes().keySet()).contains(P + "Pricing", P + "Line")
                .doesNotContain(P + "Order", P + "Tier");
        assertThat(names(node(bundle, "Pricing").methods)).as("no constructor runs: the receiver travels")
                .containsExactlyInAnyOrder("describe(Lcom/example/closure/Line;)Ljava/lang/String;");
        // As the server does it: the receiver and the argument arrive through the hardened reader.
        Object receiver = make(APP, "Pricing", "EUR");
        Object line = make(APP, "Line", "B-2", 3, new BigDecimal("1.50"));
        BundleClassLoader loader = new BundleClassLoader(bundle);
        Object[] arrived = Values.readArguments(Values.writeArguments(new Object[] {receiver, line}, APP), loader,
                ValueLimits.DEFAULT);
        assertThat(arrived[0].getClass().getClassLoader()).isSameAs(loader);
        assertThat(arrived[0].getClass().getMethod("describe", arrived[1].getClass()).invoke(arrived[0], arrived[1]))
                .isEqualTo("3 x B-2 in EUR");
    }

    @Test
    void argumentClassesTheMethodNeverNamesAreShippedWithWhatTheCallsNeed() throws Exception {
        ClosureCollector collector = new ClosureCollector();
        Method total = Class.forName(P + "Shapes").getMethod("total", List.class);
        Class<?> circle = Class.forName(P + "Shapes$Circle");
        Bundle own = collector.bundleFor(total);
        assertThat(own.classes()).doesNotContainKey(P + "Shapes$Circle");

        Bundle withCircle = collector.bundleFor(total, Set.of(circle, String.class, Class.forName(P + "Shapes$Shape")));
        assertThat(withCircle.classes()).containsKeys(P + "Shapes", P + "Shapes$Shape", P + "Shapes$Circle");
        assertThat(names(node(withCircle, "Shapes$Circle").methods)).contains("area()D")
                .doesNotContain("export()Z");
        assertThat(collector.bundleFor(total, Set.of(circle))).isSameAs(withCircle);
        assertThat(collector.bundleFor(total, Set.of(String.class))).isSameAs(own);
    }

    @Test
    void sameInputSameHashAndMemoised() throws Exception {
        Method quote = Class.forName(P + "Pricing").getMethod("quote", Class.forName(P + "Order"));
        ClosureCollector collector = new ClosureCollector();
        Bundle first = collector.bundleFor(quote);
        assertThat(collector.bundleFor(quote)).isSameAs(first);
        assertThat(new ClosureCollector().bundleFor(quote).hashHex()).isEqualTo(first.hashHex());
    }

    @Test
    void theJdkAndWormholeAreNeverShipped() throws Exception {
        assertThat(quoteBundle().classes().keySet()).noneMatch(n -> n.startsWith("java.") || n.startsWith("javax.")
                || n.startsWith("jdk.") || n.startsWith("sun.") || n.startsWith("io.wormhole."));
        assertThatThrownBy(() -> new ClosureCollector().bundleFor(String.class.getMethod("trim")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClosureCollector().bundleFor(ClosureCollectorTest.class.getName(), "x", "()V", APP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be shipped");
        assertThatThrownBy(() -> new ClosureCollector().bundleFor(P + "Pricing", "nothing", "()V", APP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("declares no method nothing()V");
    }

    @SuppressWarnings("unchecked")
    private static Object quote(ClassLoader loader) throws Exception {
        Object gold = Enum.valueOf(enumType(loader), "GOLD");
        Object customer = make(loader, "Customer", "Ada", gold);
        List<Object> lines = new ArrayList<>(List.of(make(loader, "Line", "B-2", 2, new BigDecimal("10.00")),
                make(loader, "Line", "A-1", 1, new BigDecimal("10.00"))));
        Object order = make(loader, "Order", customer, lines);
        Class<?> pricing = Class.forName(P + "Pricing", true, loader);
        return pricing.getMethod("quote", order.getClass()).invoke(null, order);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Enum> enumType(ClassLoader loader) throws ClassNotFoundException {
        return (Class<Enum>) Class.forName(P + "Tier", true, loader);
    }

    static Object make(ClassLoader loader, String simpleName, Object... args) throws Exception {
        Class<?> c = Class.forName(P + simpleName, true, loader);
        for (Constructor<?> ctor : c.getDeclaredConstructors()) {
            if (ctor.getParameterCount() == args.length) {
                ctor.setAccessible(true);
                return ctor.newInstance(args);
            }
        }
        throw new IllegalArgumentException(simpleName);
    }

    static ClassNode node(Bundle bundle, String simpleName) {
        ClassNode node = new ClassNode();
        new ClassReader(bundle.classes().get(P + simpleName)).accept(node, 0);
        return node;
    }

    static Set<String> names(List<MethodNode> methods) {
        return methods.stream().map(m -> m.name + m.desc).collect(Collectors.toSet());
    }
}
