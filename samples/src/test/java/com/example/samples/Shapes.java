package com.example.samples;

import io.wormhole.Remote;
import java.sql.Connection;
import java.util.List;

/** @Remote methods that name only a supertype; the objects they receive belong to subtypes they never name. */
public final class Shapes {
    private Shapes() {}

    public interface Shape {
        double area();
    }

    public record Circle(double radius) implements Shape {
        @Override
        public double area() {
            return Math.PI * radius * radius;
        }
    }

    public static final class Square implements Shape {
        private final double side;

        public Square(double side) {
            this.side = side;
        }

        @Override
        public double area() {
            return side * side;
        }
    }

    @Remote
    public static double total(Connection conn, List<Shape> shapes) {
        return shapes.stream().mapToDouble(Shape::area).sum();
    }

    /** An instance method: the receiver may be a subclass that overrides what the method calls. */
    public static class Pricer {
        @Remote
        public double price(Connection conn, double amount) {
            return amount * rate();
        }

        protected double rate() {
            return 1.0;
        }
    }

    public static class HalfPricer extends Pricer {
        @Override
        protected double rate() {
            return 0.5;
        }
    }
}
