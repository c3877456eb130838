package com.example.services;

import io.wormhole.Remote;
import java.sql.Connection;
import org.postgresql.ds.PGSimpleDataSource;

/** A service that holds pgJDBC's own data source class, not the interface. */
public final class ConcreteSourceService {
    private final PGSimpleDataSource source;

    public ConcreteSourceService(PGSimpleDataSource source) {
        this.source = source;
    }

    @Remote
    public String databaseName(Connection c) {
        return source == null ? null : source.getDatabaseName();
    }
}
