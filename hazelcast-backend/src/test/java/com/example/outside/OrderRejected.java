package com.example.outside;

/** An application's own exception, outside every package Leasehold knows. */
public final class OrderRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OrderRejected(String message) {
        super(message);
    }
}
