package com.example.closure;

import java.util.List;

record Order(Customer customer, List<Line> lines) {}
