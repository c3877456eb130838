/**
 * The bytecode verifier and the allowlist: what shipped code may reference, checked before any class of a
 * bundle is defined (architecture section 6, layers 2 and 3).
 *
 * <h2>Use</h2>
 * <pre>{@code
 * Verdict verdict = Verifier.of(allowlist, limits).verify(bundle);   // Map<binary name, class bytes>
 * if (!verdict.isAccepted()) throw new SQLException(verdict.describe());
 * }</pre>
 * {@link io.wormhole.server.verify.Verifier#verify} never throws on bad input; a malformed class file is a
 * violation ({@code class X is not a valid class file: ...}). Every {@link io.wormhole.server.verify.Violation}
 * names the class, the place (method name and descriptor, {@code class header}, {@code field f},
 * {@code constant pool}) and the forbidden reference, for instance
 * {@code com.app.Evil.run()V calls java.lang.Runtime.exec(Ljava/lang/String;)Ljava/lang/Process; which is not allowed}.
 *
 * <h2>Rule format</h2>
 * One rule per line; blank lines and lines starting with {@code #} are ignored. The same two words form a
 * row of {@code wormhole.allowlist} (effect, pattern), and {@code default-allowlist.txt} in this package seeds
 * that table. A {@code #:} line in a rule file is the reason a refusal by the deny rules right below it names,
 * with what to do instead ({@code ... calls java.lang.Thread.<init>()V which is not allowed: a call runs on the
 * backend's one thread: ...}); the table keeps rules only, so a refusal by one of its rules names the shipped
 * default's reason for the same rule.
 * <pre>
 * allow java.time.**                      a package and all its subpackages
 * allow java.util.*                       the classes of one package, not its subpackages
 * deny  java.util.ServiceLoader           one class; nested classes are separate (java.util.Map$Entry)
 * allow java.lang.System#nanoTime         one member by name, all overloads; fields too; {@code <init>} = constructors
 * deny  java.lang.Throwable#printStackTrace()V   one method by descriptor
 * deny  java.lang.Class#*                 every member of the class, inherited ones included
 * </pre>
 * Class names are binary names with dots. Precedence: the most specific matching rule decides — member with
 * descriptor, member by name, {@code #*}, class, package, then package trees, deeper before shallower; a deny
 * beats an allow of the same specificity; a reference that no rule matches is denied. The order of rules does
 * not matter.
 *
 * <h2>How a reference is judged</h2>
 * <ul>
 * <li>A <b>type</b> (superclass, interface, descriptor, signature, annotation, {@code new}, cast, catch,
 * {@code ldc}, array element type, nest, inner-class and record metadata) must be a bundle class or allowed by
 * the class and package rules. Primitive types are always fine.</li>
 * <li>A <b>member</b> (field or method instruction, method handle) must have an allowed descriptor and is
 * resolved as the JVM would: through bundle classes up to the JDK class that declares it. The member rules of
 * every JDK class the search passes apply, so {@code deny java.util.Collection#parallelStream} also stops
 * {@code ArrayList.parallelStream()} and {@code MyList.parallelStream()} where {@code MyList extends ArrayList}.
 * Without a member rule, the class rule of the named class decides (for a bundle class: allowed, since its JDK
 * supertypes passed the header check). A member that does not exist in the server's JDK is refused.
 * JDK class shapes are read as bytes through the platform class loader, never loaded.</li>
 * <li>A class that is <b>partly allowed</b> is denied as a type and allowed member by member:
 * {@code System.nanoTime()} passes, {@code System.class} does not.
 * {@link io.wormhole.server.verify.Allowlist#exposesClass} tells the sandbox class loader which classes to
 * make visible.</li>
 * <li>{@code invokedynamic} may only use the JDK's bootstraps for lambdas and method references
 * ({@code LambdaMetafactory}), string concatenation ({@code StringConcatFactory}), records
 * ({@code ObjectMethods}) and pattern switches ({@code SwitchBootstraps}), matched by exact descriptor; these
 * are fixed in code, not in the allowlist, because any other bootstrap gets a full-power {@code Lookup}.
 * Every bootstrap argument (method handles, class and method-type constants) is judged like a direct
 * reference. The {@code java.lang.invoke} types that bootstrap descriptors mention are tolerated only there
 * and in the InnerClasses entry javac writes for {@code MethodHandles$Lookup}. Dynamic constants
 * ({@code CONSTANT_Dynamic}) are refused.</li>
 * <li>The raw <b>constant pool</b> is read independently of ASM, and every class, field, method, method-type,
 * dynamic and invokedynamic entry is judged too, so an entry that no instruction uses cannot smuggle a
 * reference past the check (defence in depth behind the sandbox class loader).</li>
 * <li>A bundle may not define classes in {@code java.*}, {@code javax.*}, {@code jdk.*}, {@code sun.*},
 * {@code com.sun.*}, {@code io.wormhole.*} or {@code org.postgresql.*}, nor module descriptors; each map key
 * must equal the name the class file declares; class files may not be newer than the server's JVM; class count, class size and
 * bundle size are bounded by {@link io.wormhole.server.verify.Limits}. Native methods are refused, and so is
 * overriding {@code Object.finalize()}, which the JVM would run on its finalizer thread, outside the backend's
 * thread and the budget.</li>
 * <li><b>Monitors</b> are taken and released as {@code synchronized} blocks do ({@code MonitorNesting}): at each
 * instruction a method holds the same number of monitors on every path, releases none it did not take, returns
 * holding none, holds at most 64, and runs no instruction holding one outside a handler that catches everything.
 * The interpreter gives every monitor a frame holds 16 bytes of it, so unpaired {@code monitorenter} in a loop would
 * grow one frame without bound after the stack reserve charged its entry; and it replaces an error that leaves a
 * frame still holding a monitor with an {@code IllegalMonitorStateException}, which shipped code could catch.</li>
 * </ul>
 *
 * <h2>Decisions in the default allowlist</h2>
 * <ul>
 * <li>{@code java.lang} is allowed class by class (value classes, {@code Math}, {@code Enum}, {@code Record},
 * common exceptions and errors), never as a package. {@code Object.wait/notify/notifyAll} are refused
 * (blocking, and meaningless on one thread). {@code Integer.getInteger}, {@code Long.getLong} and
 * {@code Boolean.getBoolean} read system properties and are refused.</li>
 * <li>{@code Class} is a usable type (class literals, {@code Enum.valueOf}), with only members that neither
 * reflect nor load: names, {@code isInstance}, {@code cast}, {@code isArray}, {@code isEnum},
 * {@code isAssignableFrom}, {@code getComponentType}, {@code desiredAssertionStatus} (javac's {@code assert}),
 * {@code getEnumConstants} (public constants already reachable through {@code values()}) and a few more.
 * {@code forName}, {@code getDeclared*}, {@code getMethod*}, {@code newInstance}, {@code getClassLoader},
 * {@code getResource*} are refused.</li>
 * <li>{@code System}: only {@code nanoTime}, {@code currentTimeMillis}, {@code arraycopy},
 * {@code identityHashCode}, {@code lineSeparator}, and reads of {@code out} and {@code err}, which the
 * loader rewrites into a stream that reaches the client as NOTICEs; hence {@code PrintStream} is allowed
 * except its constructors (each can open a file). {@code System.in} is refused.</li>
 * <li>Logging: {@code Logger.getLogger(String)} and {@code System.getLogger(String)} are allowed, and rewritten by
 * the loader into loggers whose INFO records reach the client as NOTICEs and WARNING ones as WARNINGs; of
 * {@code java.util.logging} only {@code Logger}'s logging methods and {@code Level} (not its constructor) are
 * allowed, so handlers, levels, parents, {@code getGlobal} and the {@code LogManager} stay out of reach.</li>
 * <li>{@code Throwable.printStackTrace()} without argument is refused: the JDK writes it to the backend's
 * stderr (the server log), past the NOTICE stream; {@code printStackTrace(System.out)} is fine.</li>
 * <li>Threads and everything that runs code on another thread are refused: {@code Thread},
 * {@code ThreadLocal}, {@code java.util.concurrent} (except atomics, {@code ThreadLocalRandom},
 * {@code Callable}, {@code TimeUnit} without its sleeping methods, and the concurrent collections without
 * {@code ConcurrentHashMap}'s bulk operations that take a parallelism threshold), {@code Timer}, parallel streams
 * ({@code Collection.parallelStream}, {@code parallel()} on every stream type, {@code StreamSupport}),
 * {@code Arrays.parallel*}, {@code java.lang.ref} ({@code Cleaner} starts a thread).</li>
 * <li>Files, network, processes, class loading, reflection, method handles, serialization streams,
 * resources, logging configuration, zip and jar, preferences, {@code ServiceLoader}, {@code ResourceBundle},
 * {@code DriverManager}, {@code Runtime}, {@code ProcessBuilder}, {@code ClassLoader}, {@code sun.*},
 * {@code jdk.*}, {@code javax.*}: refused, as nothing names them. {@code java.io} is allowed only for
 * in-memory streams, readers and writers, {@code Serializable}, {@code Closeable} and I/O exceptions;
 * constructors that take a file name ({@code PrintWriter(String)}, {@code Formatter(String)}) are refused
 * by descriptor and those that take a {@code File} or {@code Path} by their descriptor's types.</li>
 * <li>JVM-wide state is refused: {@code Locale.setDefault}, {@code TimeZone.setDefault},
 * {@code ZoneRulesProvider}.</li>
 * <li>Allowed as packages: {@code java.util} (collections, {@code Optional}, {@code Objects}, {@code Arrays},
 * {@code Collections}, {@code UUID}, {@code Random}, {@code Formatter}, ...), {@code java.util.function},
 * {@code java.util.stream}, {@code java.util.regex}, {@code java.math}, {@code java.time} and its
 * subpackages, {@code java.text}, {@code java.nio} buffers (not {@code allocateDirect}) and charsets,
 * {@code java.sql} (interfaces and values; not {@code DriverManager} nor {@code Driver}),
 * {@code java.lang.annotation}, {@code MessageDigest}, and the {@code io.wormhole} API package itself
 * (not its subpackages).</li>
 * <li>pgJDBC's value classes, class by class: {@code PGobject}, {@code PGInterval}, {@code PGmoney},
 * {@code PGtokenizer} and {@code org.postgresql.geometric}, which JDBC's {@code getObject} returns inside a call as
 * on the client; never the driver ({@code org.postgresql.Driver}, {@code PGConnection}, data sources,
 * {@code PSQLException}). Their shapes are read from the server's jar; a bundle may not define a class in
 * {@code org.postgresql.*}.</li>
 * </ul>
 * A long computation inside allowed JDK code (a catastrophic regular expression, {@code BigInteger.pow}) is
 * not something the verifier can see; bounding it belongs to the budget.
 */
package io.wormhole.server.verify;
