package com.example.services;

import io.wormhole.Remote;
import java.sql.Connection;

/** A method that breaks a dozen rules at once: its refusal must still fit in a few lines. */
public final class Noisy {
    private Noisy() {}

    @Remote
    public static String everything(Connection c) throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(new java.io.File("/tmp/a").exists());
        out.append(new java.io.FileInputStream("/tmp/b").read());
        out.append(new java.net.Socket().isBound());
        out.append(Thread.currentThread().getName());
        out.append(Runtime.getRuntime().availableProcessors());
        out.append(System.getenv("HOME"));
        out.append(System.getProperty("user.home"));
        out.append(Class.forName("java.lang.String").getName());
        out.append(new ProcessBuilder("true").command());
        out.append(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp")));
        out.append(java.util.concurrent.Executors.newSingleThreadExecutor().isShutdown());
        out.append(new java.util.Timer().purge());
        return out.toString();
    }
}
