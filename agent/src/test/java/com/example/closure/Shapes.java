package com.example.closure;

import java.io.File;
import java.util.List;

/** A method that names only an abstract type, and implementations of it that callers pass at run time. */
public final class Shapes {
    private Shapes() {}

    public abstract static class Shape {
        public abstract double area();
    }

    public static final class Circle extends Shape {
        private final double radius;

        public Circle(double radius) {
            this.radius = radius;
        }

        @Override
        public double area() {
            return Math.PI * radius * radius;
        }

        /** Never called by {@link #total}: must not be shipped. */
        public boolean export() {
            return new File("circle.txt").exists();
        }
    }

    public static double total(List<Shape> shapes) {
        double sum = 0;
        for (Shape s : shapes) {
            sum += s.area();
        }
        return sum;
    }
}
