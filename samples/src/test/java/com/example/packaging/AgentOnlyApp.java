package com.example.packaging;

import com.example.samples.Shapes;
import com.example.services.Chatty;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

/**
 * An application whose class path holds its own classes and pgJDBC only: Wormhole, Kryo and the rest come from the
 * agent jar, relocated. Application objects travel both ways (Kryo), and the call's NOTICEs come back.
 */
public final class AgentOnlyApp {
    private AgentOnlyApp() {}

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0])) {
            System.out.println("total " + Shapes.total(c, List.of(new Shapes.Circle(1), new Shapes.Square(2))));
            System.out.println("priced " + new Shapes.HalfPricer().price(c, 10));
            System.out.println("talked " + Chatty.talk(c, "Ada"));
        }
    }
}
