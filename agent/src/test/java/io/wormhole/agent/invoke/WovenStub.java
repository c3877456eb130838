package io.wormhole.agent.invoke;

/** Stands in for {@link Woven} in {@link RemoteWeaverTest}: records the call, returns {@link #answer}. */
public final class WovenStub {
    public static Object[] last;
    public static Object answer;

    private WovenStub() {}

    public static Object remote(Class<?> owner, String name, String descriptor, Object receiver, Object[] arguments) {
        last = new Object[] {owner, name, descriptor, receiver, arguments};
        return answer;
    }

    public static LocalCallStub local(Class<?> owner, String name, String descriptor, Object[] arguments) {
        last = new Object[] {owner, name, descriptor, null, arguments};
        return new LocalCallStub();
    }
}
