package io.wormhole.server.host;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.UnaryOperator;

/** A connection's {@code wormhole.jvm_options}, changed from the defaults before its backend starts its JVM. */
final class JvmOptions {
    private JvmOptions() {}

    /** Sets {@code c}'s JVM options to {@code change} applied to the defaults (the setting replaces them whole). */
    static void change(Connection c, UnaryOperator<String> change) throws SQLException {
        try (Statement st = c.createStatement()) {
            String defaults;
            try (ResultSet rs = st.executeQuery("SHOW wormhole.jvm_options")) {
                rs.next();
                defaults = rs.getString(1);
            }
            st.execute("SET wormhole.jvm_options = '" + change.apply(defaults).replace("'", "''") + "'");
        }
    }
}
