package io.wormhole.server.verify;

/**
 * Size and version limits a bundle must respect; checked before any class is parsed, so an oversized bundle
 * costs nothing to reject. The loader maps these to GUCs.
 *
 * @param maxClasses      most classes in one bundle
 * @param maxClassBytes   largest class file
 * @param maxBundleBytes  largest total of all class files
 * @param maxMajorVersion newest class-file major version; the running JVM's by default
 */
public record Limits(int maxClasses, int maxClassBytes, long maxBundleBytes, int maxMajorVersion) {

    /** Class-file major version of Java 1.0 to 1.1; {@code feature + 44} gives the rest. */
    private static final int MAJOR_VERSION_OFFSET = 44;

    public Limits {
        if (maxClasses < 1 || maxClassBytes < 1 || maxBundleBytes < 1 || maxMajorVersion < MAJOR_VERSION_OFFSET + 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxClasses + ", " + maxClassBytes
                    + ", " + maxBundleBytes + ", " + maxMajorVersion);
        }
    }

    /** 2,000 classes, 1 MiB per class, 32 MiB per bundle, this JVM's class-file version. */
    public static Limits defaults() {
        return new Limits(2_000, 1 << 20, 32L << 20, runningMajorVersion());
    }

    public static int runningMajorVersion() {
        return Runtime.version().feature() + MAJOR_VERSION_OFFSET;
    }

    public Limits withMaxClasses(int value) {
        return new Limits(value, maxClassBytes, maxBundleBytes, maxMajorVersion);
    }

    public Limits withMaxClassBytes(int value) {
        return new Limits(maxClasses, value, maxBundleBytes, maxMajorVersion);
    }

    public Limits withMaxBundleBytes(long value) {
        return new Limits(maxClasses, maxClassBytes, value, maxMajorVersion);
    }

    public Limits withMaxMajorVersion(int value) {
        return new Limits(maxClasses, maxClassBytes, maxBundleBytes, value);
    }
}
