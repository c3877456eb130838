package io.wormhole.server.pg;

/**
 * What the host read as {@code wormhole.invoke} began, handed to Java with the frame: one entry into the JVM
 * instead of a native call for each.
 *
 * @param session who is calling ({@link Session#of})
 * @param trustGeneration a counter that moves whenever a transaction that changed {@code wormhole.bundles} or
 *     {@code wormhole.allowlist} committed, in any backend (or was replayed on a standby): while it stays the same,
 *     nothing this backend trusts has been withdrawn
 * @param callMemoryLimit {@code wormhole.call_memory_limit} in bytes, 0 for none
 * @param maxResultBytes {@code wormhole.max_result_size} in bytes
 */
public record CallSettings(Session session, long trustGeneration, long callMemoryLimit, int maxResultBytes) {}
