package com.example.clients;

import io.wormhole.agent.Premain;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * A client process the test kills: it prints its backend's pid, then makes a minute-long writing call through the
 * agent. Arguments: the JDBC URL.
 */
public final class DyingClient {
    private DyingClient() {}

    public static void main(String[] args) throws Exception {
        Premain.install(ByteBuddyAgent.install());
        try (Connection conn = DriverManager.getConnection(args[0])) {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                System.out.println(rs.getInt(1));
                System.out.flush();
            }
            SlowTransfers.transferThenWork(conn, 1, 2, 10, 60_000);
            System.out.println("the call returned");
        }
    }
}
