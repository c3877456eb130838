package io.wormhole.benchmarks;

import com.example.bench.Chain;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A cold-start storm (JMH single-shot mode): {@code connections} clients open a connection at the same moment and each
 * makes its first call, so that as many backends start their JVM at once; a sample is the time until the last one
 * has its answer. Between samples every backend of the storm has ended, so each sample starts them all cold.
 */
@State(Scope.Benchmark)
public class StormBench {
    @Param({"16", "48"})
    public int connections;

    private ThreadPoolExecutor clients;
    private final List<Connection> opened = new ArrayList<>();

    @Setup(Level.Trial)
    public void startClients() throws SQLException {
        try (Connection c = Database.connect(Database.port())) {
            Database.roomForManyJvms(c);
        }
        clients = new ThreadPoolExecutor(connections, connections, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        clients.prestartAllCoreThreads();
    }

    @TearDown(Level.Trial)
    public void stopClients() {
        clients.shutdownNow();
    }

    /** Closes the storm's connections and waits until their backends have gone. */
    @TearDown(Level.Invocation)
    public void closeAll() throws SQLException, InterruptedException {
        for (Connection c : opened) {
            c.close();
        }
        opened.clear();
        try (Connection c = Database.connect(Database.port()); Statement st = c.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (true) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_type ="
                        + " 'client backend' AND pid <> pg_backend_pid()")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the storm's backends did not end within a minute");
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    @Benchmark
    public int firstCalls() throws InterruptedException, ExecutionException {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            answers.add(clients.submit(() -> {
                go.await();
                Connection c = Database.connect(Database.port());
                synchronized (opened) {
                    opened.add(c);
                }
                return Chain.chain(c, 1, 0);
            }));
        }
        go.countDown();
        int sum = 0;
        for (Future<Integer> answer : answers) {
            sum += answer.get();
        }
        return sum;
    }
}
