package io.wormhole.agent.invoke;

import java.util.ArrayList;
import java.util.List;

/** Stands in for {@link LocalCall} in {@link RemoteWeaverTest}: records each end and what the body threw. */
public final class LocalCallStub {
    /** Per ended call, in order: what the body threw, or the string "returned". */
    public static final List<Object> ENDS = new ArrayList<>();

    public void end(Throwable thrown) {
        ENDS.add(thrown == null ? "returned" : thrown);
    }
}
