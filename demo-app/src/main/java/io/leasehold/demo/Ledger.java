package io.leasehold.demo;

import io.leasehold.FenceChecker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protected resource: an in-memory ledger of accounts, each a counter that workers increment
 * by read-modify-write while holding the account's lock.
 *
 * <p><b>The hard part: why the fence is checked on reads too.</b> A fenced ledger passes the fence
 * of every access, read or write, through a {@link FenceChecker}. Checking writes alone is not
 * enough: a paused holder A (fence 41) reads 10 and stalls; B (fence 42) reads 10; A wakes and
 * writes 11, accepted because 41 is the highest seen so far; B writes 11, accepted too: one
 * increment is lost. Once B's read has shown the ledger fence 42, A's write is refused. So an
 * accepted write proves that no other holder touched the account since the writer's read, and the
 * balance always equals the number of accepted increments.
 *
 * <p>An unfenced ledger (for {@code IMap.lock}, which has no fence) accepts every write. It keeps a
 * version per account only to <em>detect</em> a write based on an outdated read and report how many
 * increments it overwrote; it never refuses one.
 */
final class Ledger {

    /** A read: refused (stale fence), or the balance and the version it was read at. */
    record Reading(boolean accepted, long balance, long version, long highestFence) {
    }

    /** What happened to a write. */
    enum Outcome {
        /** Applied; nothing else touched the account since the read. */
        ACCEPTED,
        /** Refused: a higher fence was already seen (fenced ledger only). */
        REFUSED_STALE,
        /** Applied although the account changed since the read: increments were overwritten (unfenced only). */
        LET_THROUGH_STALE
    }

    /** A write's outcome; {@code overwritten} counts the increments a stale write destroyed. */
    record Write(Outcome outcome, long highestFence, long overwritten) {
    }

    private static final class Account {
        long balance;
        long version;
        long acceptedIncrements;
        long refusedWrites;
        long refusedReads;
        long staleWritesLetThrough;
        long overwrittenIncrements;
    }

    private final boolean fenced;
    private final FenceChecker fences = new FenceChecker();
    private final Map<String, Account> accounts = new LinkedHashMap<>();

    private Ledger(boolean fenced, List<String> names) {
        this.fenced = fenced;
        for (String name : names) {
            accounts.put(name, new Account());
        }
    }

    /** A ledger that checks fences (for Leasehold locks). */
    static Ledger fenced(List<String> accounts) {
        return new Ledger(true, accounts);
    }

    /** A ledger that cannot check fences (for {@code IMap.lock}). */
    static Ledger unfenced(List<String> accounts) {
        return new Ledger(false, accounts);
    }

    boolean isFenced() {
        return fenced;
    }

    List<String> accounts() {
        return List.copyOf(accounts.keySet());
    }

    Reading read(String name, long fence) {
        Account a = account(name);
        synchronized (a) {
            if (fenced && !fences.tryAccept(name, fence)) {
                a.refusedReads++;
                return new Reading(false, a.balance, a.version, fences.highest(name));
            }
            return new Reading(true, a.balance, a.version, fenced ? fences.highest(name) : 0);
        }
    }

    /** Writes {@code balance + 1} for a read at {@code base}. */
    Write increment(String name, long fence, Reading base) {
        Account a = account(name);
        synchronized (a) {
            if (fenced && !fences.tryAccept(name, fence)) {
                a.refusedWrites++;
                return new Write(Outcome.REFUSED_STALE, fences.highest(name), 0);
            }
            long overwritten = a.version - base.version();
            a.balance = base.balance() + 1;
            a.version++;
            a.acceptedIncrements++;
            if (overwritten > 0) {
                a.staleWritesLetThrough++;
                a.overwrittenIncrements += overwritten;
                return new Write(Outcome.LET_THROUGH_STALE, 0, overwritten);
            }
            return new Write(Outcome.ACCEPTED, fenced ? fences.highest(name) : 0, 0);
        }
    }

    /** Totals over all accounts, read consistently per account. */
    Totals totals() {
        Totals t = new Totals();
        for (Map.Entry<String, Account> e : accounts.entrySet()) {
            Account a = e.getValue();
            synchronized (a) {
                t.balance += a.balance;
                t.acceptedIncrements += a.acceptedIncrements;
                t.refusedWrites += a.refusedWrites;
                t.refusedReads += a.refusedReads;
                t.staleWritesLetThrough += a.staleWritesLetThrough;
                t.overwrittenIncrements += a.overwrittenIncrements;
                if (a.balance != a.acceptedIncrements) {
                    t.mismatchedAccounts.put(e.getKey(), a.balance - a.acceptedIncrements);
                }
            }
        }
        return t;
    }

    /** Sums over the ledger; {@code mismatchedAccounts} maps an account to balance minus accepted increments. */
    static final class Totals {
        long balance;
        long acceptedIncrements;
        long refusedWrites;
        long refusedReads;
        long staleWritesLetThrough;
        long overwrittenIncrements;
        final Map<String, Long> mismatchedAccounts = new LinkedHashMap<>();

        boolean balanced() {
            return mismatchedAccounts.isEmpty();
        }
    }

    private Account account(String name) {
        Account a = accounts.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no account '" + name + "'");
        }
        return a;
    }
}
