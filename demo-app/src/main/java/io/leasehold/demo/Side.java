package io.leasehold.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One side of the run: Leasehold locks with a fenced ledger, or {@code IMap} locks with an unfenced
 * one. Each lock protects the ledger account of the same name.
 */
final class Side {

    final String label;
    final Ledger ledger;
    final Map<String, LockStats> locks = new LinkedHashMap<>();
    final AtomicLong stalls = new AtomicLong();
    final AtomicLong stalledWritesRefused = new AtomicLong();
    final AtomicLong stalledWritesLetThrough = new AtomicLong();
    final AtomicLong deaths = new AtomicLong();
    final AtomicLong lockLostNotices = new AtomicLong();
    final AtomicLong acquireTimeouts = new AtomicLong();
    final AtomicLong failedRounds = new AtomicLong();

    private Side(String label, List<String> names, boolean fenced) {
        this.label = label;
        this.ledger = fenced ? Ledger.fenced(names) : Ledger.unfenced(names);
        for (String n : names) {
            locks.put(n, new LockStats(n));
        }
    }

    static Side leasehold(int lockCount) {
        return new Side("leasehold", names("lock-", lockCount), true);
    }

    static Side imap(int lockCount) {
        return new Side("imap", names("imap-lock-", lockCount), false);
    }

    private static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(prefix + i);
        }
        return names;
    }

    String randomLock() {
        List<String> names = ledger.accounts();
        return names.get(ThreadLocalRandom.current().nextInt(names.size()));
    }

    LockStats stats(String lock) {
        return locks.get(lock);
    }

    long acquisitions() {
        return locks.values().stream().mapToLong(s -> s.acquisitions.get()).sum();
    }

    List<LockStats.Reclaim> reclaims() {
        List<LockStats.Reclaim> all = new ArrayList<>();
        locks.values().forEach(s -> all.addAll(s.reclaims()));
        return all;
    }
}
