package com.example.services;

import io.wormhole.Remote;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

/** A method that talks: printed lines, log records of both JDK logging APIs, and a NOTICE of the SQL it runs. */
public final class Chatty {
    private static final Logger LOG = Logger.getLogger(Chatty.class.getName());
    private static final System.Logger AUDIT = System.getLogger("audit");

    private Chatty() {}

    @Remote
    public static int talk(Connection c, String who) throws SQLException {
        System.out.println("printed for " + who);
        LOG.info("logged for " + who);
        LOG.fine("below INFO, not logged");
        LOG.log(java.util.logging.Level.WARNING, "warned for {0}", who);
        AUDIT.log(System.Logger.Level.INFO, "audited for " + who);
        AUDIT.log(System.Logger.Level.DEBUG, "below INFO, not logged");
        // A factory named by a method reference is rerouted too: a JDK logger here would write to the server log.
        java.util.function.Function<String, Logger> factory = Logger::getLogger;
        factory.apply("referenced").info("logged through a method reference");
        try (Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN RAISE NOTICE 'raised in SQL'; END $$");
        }
        return who.length();
    }
}
