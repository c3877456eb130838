package io.wormhole.agent.invoke;

import io.wormhole.Remote;

/** An interface's default {@code @Remote} method, for {@link RemoteWeaverTest}. */
public interface WeavingInterface {
    String name();

    @Remote
    default String greet(String greeting) {
        return greeting + " " + name();
    }
}
