package io.wormhole.server.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.server.verify.fixtures.attacks.*;
import java.util.Map;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attacks written in Java, compiled by javac as a user's code would be; each must be rejected with a message
 * naming the class, the place and the forbidden reference.
 */
class VerifierAttackTest {

    private final Verifier verifier = Verifier.withDefaults();

    static Stream<Arguments> attacks() {
        return Stream.of(
                attack(ExecDirect.class, "ExecDirect.run()V calls java.lang.Runtime.exec(Ljava/lang/String;)Ljava/lang/Process; which is not allowed"),
                attack(ExecDirect.class, "ExecDirect.run()V calls java.lang.Runtime.getRuntime()Ljava/lang/Runtime; which is not allowed"),
                attack(ExecViaLambda.class, "ExecViaLambda.lambda$run$0()V calls java.lang.Runtime.exec(Ljava/lang/String;)"),
                attack(ExecViaMethodReference.class, "ExecViaMethodReference.run(Ljava/lang/Runtime;)Ljava/lang/Object; references java.lang.Runtime.exec(Ljava/lang/String;)Ljava/lang/Process; which is not allowed"),
                attack(RuntimeViaSupplier.class, "RuntimeViaSupplier.run()Ljava/lang/Object; references java.lang.Runtime.getRuntime()Ljava/lang/Runtime; which is not allowed"),
                attack(ExecInStaticInitializer.class, "ExecInStaticInitializer.<clinit>()V calls java.lang.Runtime.exec"),
                attack(ExecInDefaultMethod.class, "ExecInDefaultMethod.run()V calls java.lang.Runtime.exec"),
                attack(ExecInConstructor.class, "ExecInConstructor.<init>()V calls java.lang.ProcessBuilder.start()Ljava/lang/Process; which is not allowed"),
                attack(InheritedParallelStream.class, "InheritedParallelStream.run()J calls com.acme.attacks.InheritedParallelStream.parallelStream()Ljava/util/stream/Stream; which is not allowed"),
                attack(ParallelStreamDirect.class, "viaArrayList(Ljava/util/ArrayList;)J calls java.util.ArrayList.parallelStream()Ljava/util/stream/Stream; which is not allowed"),
                attack(ParallelStreamDirect.class, "viaParallel(Ljava/util/List;)J calls java.util.stream.Stream.parallel()Ljava/util/stream/BaseStream; which is not allowed"),
                attack(ConcurrentMapBulkInParallel.class, "calls java.util.concurrent.ConcurrentHashMap.forEach(JLjava/util/function/BiConsumer;)V which is not allowed"),
                attack(ConcurrentMapBulkInParallel.class, "calls java.util.concurrent.ConcurrentHashMap.reduceValuesToLong(JLjava/util/function/ToLongFunction;JLjava/util/function/LongBinaryOperator;)J which is not allowed"),
                attack(CopyOnWriteParallelStream.class, "calls java.util.concurrent.CopyOnWriteArrayList.parallelStream()Ljava/util/stream/Stream; which is not allowed"),
                attack(ParallelIntStream.class, "calls java.util.stream.IntStream.parallel()Ljava/util/stream/IntStream; which is not allowed"),
                attack(ParallelSort.class, "calls java.util.Arrays.parallelSort([I)V which is not allowed"),
                // A refusal by a rule with a reason names it, with what to do instead.
                attack(CatchesPgJdbcException.class, "catches org.postgresql.util.PSQLException which is not allowed:"
                        + " statements in the backend fail with java.sql.SQLException, with the same SQLSTATE:"
                        + " catch SQLException and read getSQLState()"),
                attack(ArrayOfThreads.class, "references java.lang.Thread which is not allowed: a call runs on the"
                        + " backend's one thread"),
                attack(io.wormhole.server.verify.fixtures.attacks.ExecutorService.class, "which is not allowed: a call"
                        + " runs on the backend's one thread: executors, locks and blocking queues have nothing to run on"),
                attack(ReadFile.class, "which is not allowed: files are the database server's"),
                attack(OpenSocket.class, "references java.net.Socket which is not allowed: a call reaches other systems"
                        + " only through the database"),
                attack(ParallelSort.class, "which is not allowed: they would run on the common ForkJoinPool"),
                attack(ForNameComputed.class, "calls java.lang.Class.forName(Ljava/lang/String;)Ljava/lang/Class; which is not allowed"),
                attack(ReflectionOnClass.class, "calls java.lang.Class.getDeclaredMethods()[Ljava/lang/reflect/Method; which is not allowed"),
                attack(ThreadSubclass.class, "ThreadSubclass (class header) extends java.lang.Thread which is not allowed"),
                attack(ThreadStart.class, "calls java.lang.Thread.<init>(Ljava/lang/Runnable;)V which is not allowed"),
                attack(LoaderSubclass.class, "LoaderSubclass (class header) extends java.lang.ClassLoader which is not allowed"),
                attack(ArrayOfThreads.class, "ArrayOfThreads.run()I references java.lang.Thread which is not allowed"),
                attack(ForbiddenCatch.class, "ForbiddenCatch.run(Ljava/lang/Runnable;)I catches java.lang.reflect.UndeclaredThrowableException which is not allowed"),
                attack(AnnotatedWithForbiddenClass.class, "AnnotatedWithForbiddenClass (class header) references java.lang.Runtime which is not allowed"),
                attack(ForbiddenAnnotationDefault.class, "ForbiddenAnnotationDefault.value()[Ljava/lang/Class; references java.lang.ProcessBuilder which is not allowed"),
                attack(AnnotatedWithForbiddenEnum.class, "AnnotatedWithForbiddenEnum.run()V references java.lang.Thread$State which is not allowed"),
                attack(ClassLiteral.class, "ClassLiteral.run()Ljava/lang/Object; loads java.lang.Runtime which is not allowed"),
                attack(NativeMethod.class, "NativeMethod.run()V is native, which is not allowed"),
                attack(SystemExit.class, "calls java.lang.System.exit(I)V which is not allowed"),
                attack(SystemGetenv.class, "calls java.lang.System.getenv(Ljava/lang/String;)Ljava/lang/String; which is not allowed"),
                attack(SystemSetProperty.class, "calls java.lang.System.setProperty("),
                attack(PropertyViaInteger.class, "calls java.lang.Integer.getInteger(Ljava/lang/String;)Ljava/lang/Integer; which is not allowed"),
                attack(SystemIn.class, "reads java.lang.System.in which is not allowed"),
                attack(ObjectWait.class, "ObjectWait.run()V calls java.lang.Object.wait()V which is not allowed"),
                attack(ThreadSleep.class, "calls java.lang.Thread.sleep(J)V which is not allowed"),
                attack(TimeUnitSleep.class, "calls java.util.concurrent.TimeUnit.sleep(J)V which is not allowed"),
                attack(ReadFile.class, "calls java.nio.file.Files.readString(Ljava/nio/file/Path;)Ljava/lang/String; which is not allowed"),
                attack(ScannerOnFile.class, "calls java.util.Scanner.<init>(Ljava/io/File;)V which is not allowed"),
                attack(WriterOnFileName.class, "calls java.io.PrintWriter.<init>(Ljava/lang/String;)V which is not allowed"),
                attack(FormatterOnFileName.class, "calls java.util.Formatter.<init>(Ljava/lang/String;)V which is not allowed"),
                attack(OpenSocket.class, "references java.net.Socket which is not allowed"),
                attack(MethodHandleLookup.class, "calls java.lang.invoke.MethodHandles.lookup()Ljava/lang/invoke/MethodHandles$Lookup; which is not allowed"),
                attack(Deserialize.class, "references java.io.ObjectInputStream which is not allowed"),
                attack(LoadServices.class, "calls java.util.ServiceLoader.load(Ljava/lang/Class;)Ljava/util/ServiceLoader; which is not allowed"),
                attack(AsyncFuture.class, "calls java.util.concurrent.CompletableFuture.supplyAsync("),
                attack(CommonPool.class, "calls java.util.concurrent.ForkJoinPool.commonPool()"),
                attack(io.wormhole.server.verify.fixtures.attacks.ExecutorService.class, "calls java.util.concurrent.Executors.newSingleThreadExecutor()"),
                attack(io.wormhole.server.verify.fixtures.attacks.TimerTask.class, "references java.util.Timer which is not allowed"),
                attack(ThreadLocalUse.class, "ThreadLocalUse (field LEAK) references java.lang.ThreadLocal which is not allowed"),
                attack(DefaultLocale.class, "calls java.util.Locale.setDefault(Ljava/util/Locale;)V which is not allowed"),
                attack(StderrTrace.class, "calls java.lang.RuntimeException.printStackTrace()V which is not allowed"),
                attack(SuperCallToForbidden.class, "SuperCallToForbidden.run()V calls java.lang.RuntimeException.printStackTrace()V which is not allowed"),
                attack(Finalizer.class, "Finalizer.finalize()V overrides Object.finalize(), which is not allowed"),
                attack(CleanerAction.class, "CleanerAction.run()Ljava/lang/Object; calls java.lang.ref.Cleaner.create()Ljava/lang/ref/Cleaner; which is not allowed"),
                attack(UnsafeAccess.class, "loads sun.misc.Unsafe which is not allowed"),
                attack(ZipFile.class, "references java.util.zip.CRC32 which is not allowed"),
                attack(Logging.class, "calls java.util.logging.Logger.getGlobal()"),
                attack(ResourceRead.class, "calls java.lang.Class.getResourceAsStream(Ljava/lang/String;)Ljava/io/InputStream; which is not allowed"),
                attack(ClassLoaderOf.class, "calls java.lang.Class.getClassLoader()"),
                attack(DriverManagerUse.class, "calls java.sql.DriverManager.getConnection(Ljava/lang/String;)Ljava/sql/Connection; which is not allowed"),
                attack(ForbiddenFieldType.class, "ForbiddenFieldType (field thread) references java.lang.Thread which is not allowed"),
                attack(ForbiddenGenericSignature.class, "ForbiddenGenericSignature (field threads) references java.lang.Thread which is not allowed"),
                attack(ForbiddenParameter.class, "ForbiddenParameter.run(Ljava/lang/ProcessHandle;)I references java.lang.ProcessHandle which is not allowed"),
                attack(ForbiddenLocalVariable.class, "ForbiddenLocalVariable.run(Ljava/lang/Object;)I references java.lang.Thread which is not allowed"),
                attack(ForbiddenRecordComponent.class, "ForbiddenRecordComponent (record component runtime) references java.lang.Runtime which is not allowed"),
                attack(ThreadConstructorReference.class, "references java.lang.Thread.<init>(Ljava/lang/Runnable;)V which is not allowed"),
                attack(NotInBundle.class, "references org.objectweb.asm.ClassWriter which is not in the bundle and not allowed"),
                // pgJDBC's value classes are allowed; its driver and the rest of it are not.
                attack(PgDriverUse.class, "PgDriverUse.run()Ljava/sql/Connection; calls org.postgresql.Driver.<init>()V which is not allowed"),
                attack(PgDataSourceUse.class, "calls org.postgresql.ds.PGSimpleDataSource.<init>()V which is not allowed"),
                attack(PgConnectionUnwrap.class, "PgConnectionUnwrap.run(Ljava/sql/Connection;)Ljava/lang/Object; loads org.postgresql.PGConnection which is not allowed"),
                attack(PgExceptionCatch.class, "catches org.postgresql.util.PSQLException which is not allowed"));
    }

    /** pgJDBC's own classes come from the server, never from a bundle: a bundle's PGobject would be a different class. */
    @Test
    void aBundleMayNotDefinePgJdbcClasses() throws Exception {
        byte[] bytes;
        try (var in = org.postgresql.util.PGobject.class.getResourceAsStream("PGobject.class")) {
            bytes = in.readAllBytes();
        }
        Verdict verdict = verifier.verify(Map.of("org.postgresql.util.PGobject", bytes));

        assertThat(verdict.isAccepted()).isFalse();
        assertThat(verdict.describe()).contains("class org.postgresql.util.PGobject is in org.postgresql.*, which a"
                + " bundle may not define");
    }

    private static Arguments attack(Class<?> fixture, String expected) {
        return Arguments.of(fixture.getSimpleName(), fixture, expected);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("attacks")
    void isRejected(String name, Class<?> fixture, String expected) {
        Map<String, byte[]> bundle = Bundles.compiled(fixture);

        Verdict verdict = verifier.verify(bundle);

        assertThat(verdict.isAccepted()).as("accepted " + name).isFalse();
        assertThat(verdict.violations()).extracting(Violation::message).as(verdict.describe())
                .anySatisfy(message -> assertThat(message).contains(expected));
        assertThat(verdict.violations()).allSatisfy(v -> assertThat(v.className()).startsWith("com.acme."));
    }
}
