package io.wormhole.server.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowlistTest {

    @Test
    void parsesEveryPatternKindAndRendersItBack() {
        String text = """
                # a comment
                allow java.time.**
                allow java.util.*

                deny java.util.ServiceLoader
                allow java.lang.System#nanoTime
                deny java.lang.Throwable#printStackTrace()V
                deny java.lang.Class#*
                deny java.util.Formatter#<init>(Ljava/lang/String;)V
                """;
        Allowlist allowlist = Allowlist.parse(text);

        assertThat(allowlist.rules()).extracting(Rule::scope).containsExactly(Rule.Scope.TREE, Rule.Scope.PACKAGE,
                Rule.Scope.CLASS, Rule.Scope.MEMBER, Rule.Scope.MEMBER, Rule.Scope.MEMBER, Rule.Scope.MEMBER);
        assertThat(allowlist.rules().get(4).descriptor()).isEqualTo("()V");
        assertThat(Allowlist.parse(allowlist.toText())).isEqualTo(allowlist);
        assertThat(allowlist.rules().get(3)).hasToString("allow java.lang.System#nanoTime");
    }

    /**
     * A {@code #:} block gives its reason to the deny rules right below it, and to nothing after an allow rule, a
     * comment or a blank line; the table's rows, which keep no comments, get the shipped default's reason.
     */
    @Test
    void aReasonBelongsToTheDenyRulesRightBelowIt() {
        Allowlist allowlist = Allowlist.parse("""
                #: blocking has nothing to wait for:
                #: return instead
                deny com.acme.Waits#park
                deny com.acme.Waits#unpark
                #: spinning wastes the backend
                deny com.acme.Waits#spin
                allow com.acme.Waits
                deny com.acme.Waits#sleep
                #: not this one
                # a plain comment
                deny com.acme.Waits#yield

                #: nor this one

                deny com.acme.Waits#join
                """);
        List<Rule> rules = allowlist.rules();

        assertThat(allowlist.reason(rules.get(0))).hasValue("blocking has nothing to wait for: return instead");
        assertThat(allowlist.reason(rules.get(1))).hasValue("blocking has nothing to wait for: return instead");
        assertThat(allowlist.reason(rules.get(2))).hasValue("spinning wastes the backend");
        assertThat(rules.subList(3, rules.size())).hasSize(4)
                .allSatisfy(r -> assertThat(allowlist.reason(r)).isEmpty());

        Rule thread = Rule.parse("deny java.lang.Thread");
        assertThat(Allowlist.of(List.of(thread)).reason(thread)).hasValueSatisfying(
                reason -> assertThat(reason).startsWith("a call runs on the backend's one thread"));
        assertThat(Allowlist.parse(Allowlist.defaults().toText())).as("the table's text")
                .satisfies(table -> assertThat(table.reason(thread)).isEqualTo(Allowlist.defaults().reason(thread)));
    }

    @Test
    void rejectsMalformedRulesNamingTheLine() {
        for (String bad : List.of("permit java.util.*", "allow", "allow a b", "allow java..util", "allow java.util.*#x",
                "allow java.lang.Math#max(II", "allow java.lang.Math#max(Q)V", "allow java.lang.Math#1x",
                "allow java.lang.Math#*(I)I", "allow .**")) {
            assertThatThrownBy(() -> Allowlist.parse("# header\n" + bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("allowlist line 2:");
        }
    }

    /** Method descriptors as JVMS 4.3.3 writes them, and the near misses a hand-written reader could let through. */
    @Test
    void readsMethodDescriptorsExactly() {
        for (String good : List.of("()V", "(I)I", "([[J)V", "(Ljava/lang/String;I)[Ljava/lang/Object;",
                "(BCDFIJSZ)Z", "([Ljava/util/List;)Ljava/util/Map;")) {
            assertThat(Allowlist.parse("allow a.B#m" + good).rules().get(0).descriptor()).as(good).isEqualTo(good);
        }
        for (String bad : List.of("(", "()", "()VV", "(V)V", "()[V", "(L;)V", "(Ljava/lang/String)V",
                "(Ljava.lang.String;)V", "(Ljava/lang/String;", "()Ljava/lang/String", "(I)IX", "([)V",
                "(Lx(y;)V", "(I)I)")) {
            assertThatThrownBy(() -> Allowlist.parse("allow a.B#m" + bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad method descriptor");
        }
    }

    @Test
    void mostSpecificRuleWinsAndDenyWinsTies() {
        Allowlist allowlist = Allowlist.builder()
                .allow("java.util.**").deny("java.util.concurrent.**").allow("java.util.concurrent.atomic.*")
                .deny("java.util.concurrent.atomic.AtomicLong")
                .allow("java.util.concurrent.atomic.AtomicLong#get")
                .allow("java.util.List").deny("java.util.List")
                .build();

        assertThat(allowlist.allowsType("java.util.HashMap")).isTrue();
        assertThat(allowlist.allowsType("java.util.function.Function")).isTrue();
        assertThat(allowlist.allowsType("java.util.concurrent.Executors")).isFalse();
        assertThat(allowlist.allowsType("java.util.concurrent.atomic.AtomicInteger")).isTrue();
        assertThat(allowlist.allowsType("java.util.concurrent.atomic.AtomicLong")).isFalse();
        assertThat(allowlist.allowsMember("java.util.concurrent.atomic.AtomicLong", "get", "()J")).isTrue();
        assertThat(allowlist.allowsMember("java.util.concurrent.atomic.AtomicLong", "set", "(J)V")).isFalse();
        assertThat(allowlist.allowsType("java.util.List")).isFalse();
        assertThat(allowlist.allowsType("java.lang.String")).isFalse();
    }

    @Test
    void packageRuleDoesNotReachSubpackagesButTreeRuleDoes() {
        Allowlist allowlist = Allowlist.parse("allow java.util.*\nallow java.time.**");

        assertThat(allowlist.allowsType("java.util.Map$Entry")).isTrue();
        assertThat(allowlist.allowsType("java.util.zip.ZipFile")).isFalse();
        assertThat(allowlist.allowsType("java.time.format.DateTimeFormatter")).isTrue();
        assertThat(allowlist.allowsType("java.timex.Evil")).isFalse();
    }

    @Test
    void descriptorRuleBeatsNameRule() {
        Allowlist allowlist = Allowlist.parse("""
                allow java.lang.Throwable
                deny java.lang.Throwable#printStackTrace
                allow java.lang.Throwable#printStackTrace(Ljava/io/PrintStream;)V
                """);

        assertThat(allowlist.allowsMember("java.lang.Throwable", "printStackTrace", "()V")).isFalse();
        assertThat(allowlist.allowsMember("java.lang.Throwable", "printStackTrace", "(Ljava/io/PrintStream;)V")).isTrue();
        assertThat(allowlist.allowsMember("java.lang.Throwable", "getMessage", "()Ljava/lang/String;")).isTrue();
    }

    @Test
    void ruleOrderDoesNotMatter() {
        Allowlist a = Allowlist.parse("deny java.lang.System\nallow java.lang.System#nanoTime");
        Allowlist b = Allowlist.parse("allow java.lang.System#nanoTime\ndeny java.lang.System");

        for (Allowlist allowlist : List.of(a, b)) {
            assertThat(allowlist.allowsMember("java.lang.System", "nanoTime", "()J")).isTrue();
            assertThat(allowlist.allowsMember("java.lang.System", "exit", "(I)V")).isFalse();
            assertThat(allowlist.allowsType("java.lang.System")).isFalse();
            assertThat(allowlist.exposesClass("java.lang.System")).isTrue();
        }
    }

    @Test
    void defaultsParseAndEncodeTheDocumentedDecisions() {
        Allowlist defaults = Allowlist.defaults();

        assertThat(Allowlist.parse(Allowlist.defaultText())).isEqualTo(defaults);
        assertThat(defaults.allowsType("java.lang.String")).isTrue();
        assertThat(defaults.allowsType("java.util.ArrayList")).isTrue();
        assertThat(defaults.allowsType("java.time.format.DateTimeFormatter")).isTrue();
        assertThat(defaults.allowsType("java.sql.PreparedStatement")).isTrue();
        assertThat(defaults.allowsType("io.wormhole.Remote")).isTrue();
        assertThat(defaults.allowsType("io.wormhole.server.Entry")).isFalse();
        assertThat(defaults.allowsType("java.sql.DriverManager")).isFalse();
        assertThat(defaults.allowsType("java.lang.Thread")).isFalse();
        assertThat(defaults.allowsType("java.lang.Runtime")).isFalse();
        assertThat(defaults.allowsType("java.lang.reflect.Method")).isFalse();
        assertThat(defaults.allowsType("java.lang.invoke.MethodHandles")).isFalse();
        assertThat(defaults.allowsType("java.util.concurrent.Executors")).isFalse();
        assertThat(defaults.allowsType("java.util.concurrent.atomic.AtomicInteger")).isTrue();
        assertThat(defaults.allowsType("java.io.File")).isFalse();
        assertThat(defaults.allowsType("sun.misc.Unsafe")).isFalse();
        assertThat(defaults.allowsMember("java.lang.System", "exit", "(I)V")).isFalse();
        assertThat(defaults.allowsMember("java.lang.System", "out", "Ljava/io/PrintStream;")).isTrue();
        assertThat(defaults.allowsMember("java.lang.System", "in", "Ljava/io/InputStream;")).isFalse();
        assertThat(defaults.allowsMember("java.lang.Class", "forName", "(Ljava/lang/String;)Ljava/lang/Class;")).isFalse();
        assertThat(defaults.allowsMember("java.lang.Class", "getName", "()Ljava/lang/String;")).isTrue();
        assertThat(defaults.exposesClass("java.lang.System")).isTrue();
        assertThat(defaults.exposesClass("java.lang.Runtime")).isFalse();
    }

    @Test
    void storedRowsBuildTheSameAllowlistAsText() {
        List<Rule> rows = List.of(Rule.of(Rule.Effect.ALLOW, "java.util.*"), Rule.of(Rule.Effect.DENY, "java.util.Timer"));

        assertThat(Allowlist.of(rows)).isEqualTo(Allowlist.parse("allow java.util.*\ndeny java.util.Timer"));
        assertThat(Allowlist.of(rows).toBuilder().deny("java.util.Timer").build()).isEqualTo(Allowlist.of(rows));
    }
}
