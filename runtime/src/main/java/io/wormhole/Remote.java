package io.wormhole;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method inside the PostgreSQL backend that serves the call's connection.
 *
 * <p>Requires the JVM to run with {@code -javaagent:wormhole-agent.jar}; without the agent the method runs
 * locally, unchanged, and the runtime warns once on stderr and to the {@code System.Logger} named {@code io.wormhole}
 * (when JDBC loads its drivers, or at {@code Wormhole.configure} or {@code Wormhole.connection()}), unless
 * {@code -Dwormhole.mode=local} says that is intended.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Remote {
    /**
     * How many times a call that failed with a serialization failure (40001) or a deadlock (40P01) is tried
     * again, with jittered exponential backoff. Only calls that run in their own transaction are retried.
     */
    int retries() default 0;
}
