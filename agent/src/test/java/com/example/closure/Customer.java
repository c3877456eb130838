package com.example.closure;

record Customer(String name, Tier tier) {}
