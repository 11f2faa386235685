package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.client.EndNotices;
import io.leasehold.hazelcast.internal.client.Misconfiguration;
import io.leasehold.hazelcast.internal.client.Outcomes;
import io.leasehold.hazelcast.internal.core.Checks;
import io.leasehold.hazelcast.internal.core.Describe;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.protocol.Revoke;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import io.leasehold.LeaseNotFoundException;
import io.leasehold.LockException;
import io.leasehold.admin.ForcedHoldRelease;
import io.leasehold.admin.ForcedRelease;
import io.leasehold.admin.HoldKind;
import io.leasehold.admin.HoldsView;
import io.leasehold.admin.LeaseDetail;
import io.leasehold.admin.LeaseView;
import io.leasehold.admin.LeaseholdAdmin;
import io.leasehold.admin.LockView;
import io.leasehold.admin.Page;
import io.leasehold.hazelcast.LeaseholdSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@link LeaseholdAdmin} on a Hazelcast member or client.
 *
 * <p><b>Paging.</b> Rows are ordered by partition, then by key. A cursor names a partition and the
 * last key returned from it. A page asks the owner of each partition in turn for at most the rows
 * still missing ({@link LeasePage}, {@link LockPage}: a key-only query
 * of that one partition on its owner, then the values of the page only), so no call's reply is larger
 * than the page. On a sparse cluster, partitions are asked several at a time (a window that doubles
 * while partitions come back short, up to 32), so a listing of a few rows does not cost 271 round trips
 * one after another.
 */
public final class AdminImpl implements LeaseholdAdmin {

    static final String EXECUTOR = "leasehold.admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminImpl.class);
    private static final int MAX_WINDOW = 32;
    private static final int MAX_LOCKS_OF_LEASE = 1_000;
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final HazelcastInstance hz;
    private final IMap<Long, LeaseRecord> leases;
    private final IMap<String, LockRecord> locks;
    private final IMap<Long, String> holders;
    private final HoldAdmin holdAdmin;
    private final Map<Long, String> labels = new java.util.concurrent.ConcurrentHashMap<>();
    private final int maxNameLength;
    private volatile String[] partitionKeys;

    public AdminImpl(HazelcastInstance hz) {
        this.hz = Objects.requireNonNull(hz, "hazelcastInstance");
        this.leases = hz.getMap(Maps.LEASES);
        this.locks = hz.getMap(Maps.LOCKS);
        this.holders = hz.getMap(Maps.HOLDERS);
        this.maxNameLength = LeaseholdSettings.defaults().maxNameLength();
        this.holdAdmin = new HoldAdmin(hz.getMap(Maps.HOLDS), this::executor, this::label, maxNameLength);
        Misconfiguration.check(hz);
    }

    // ------------------------------------------------------------------ leases

    @Override
    public Page<LeaseView> leases(String cursor, int pageSize) {
        Cursor c = Cursor.parse(cursor, "lease", true);
        return page(c, pageSize, (key, limit) -> new LeasePage(key,
                        c.after() == null ? null : Long.parseUnsignedLong(c.after(), 16), limit),
                (key, limit) -> new LeasePage(key, null, limit),
                (LeaseRows rows) -> new Rows<>(rows.rows.stream().map(this::view).toList(), rows.more),
                v -> Long.toHexString(v.id()), "lease");
    }

    @Override
    public LeaseDetail lease(long leaseId) {
        Checks.leaseId(leaseId);
        String what = Describe.lease(leaseId);
        LeaseRows read = call(() -> leases.executeOnKey(leaseId, new ReadLease()), what);
        if (read.rows.isEmpty()) {
            throw new LeaseNotFoundException(leaseId, "unknown, expired or revoked");
        }
        List<LockView> held = new ArrayList<>();
        boolean truncated = false;
        Map<Member, Future<LockRows>> sent = call(() -> executor()
                .submitToAllMembers(new LocksOfLease(leaseId, MAX_LOCKS_OF_LEASE)), what);
        for (Future<LockRows> f : sent.values()) {
            LockRows rows = await(f, what + ": its locks");
            rows.rows.forEach(r -> held.add(view(r)));
            truncated |= rows.more;
        }
        held.sort(Comparator.comparing(LockView::name));
        if (held.size() > MAX_LOCKS_OF_LEASE) {
            held.subList(MAX_LOCKS_OF_LEASE, held.size()).clear();
            truncated = true;
        }
        return new LeaseDetail(view(read.rows.get(0)), Set.copyOf(read.keys), held, truncated);
    }

    @Override
    public void revoke(long leaseId) {
        Checks.leaseId(leaseId);
        String what = Describe.lease(leaseId);
        LeaseReply reply = call(() -> leases.executeOnKey(leaseId, new Revoke()), what);
        if (!reply.isOk()) {
            throw new LeaseNotFoundException(leaseId, Describe.failure(reply.failure()) + "; nothing was revoked");
        }
        // The owner tells every member anyway; asking them here means that when revoke returns, every
        // lock the lease held is free (as Lessor.revoke does).
        EndNotices.tellAndWait(hz, leaseId);
    }

    // ------------------------------------------------------------------ locks

    @Override
    public Page<LockView> locks(String cursor, int pageSize) {
        Cursor c = Cursor.parse(cursor, "lock", false);
        return page(c, pageSize, (key, limit) -> new LockPage(key, c.after(), limit),
                (key, limit) -> new LockPage(key, null, limit),
                (LockRows rows) -> new Rows<>(rows.rows.stream().map(this::view).toList(), rows.more),
                LockView::name, "lock");
    }

    @Override
    public Optional<LockView> lock(String name) {
        Checks.lockName(name, maxNameLength);
        LockRows rows = call(() -> locks.executeOnKey(name, new ReadLock()),
                Describe.lock(name));
        return rows.rows.isEmpty() ? Optional.empty() : Optional.of(view(rows.rows.get(0)));
    }

    @Override
    public ForcedRelease forceRelease(String name) {
        Checks.lockName(name, maxNameLength);
        LockRows rows = call(() -> locks.executeOnKey(name, new ForceReleaseAndTell()),
                Describe.lock(name));
        if (rows.rows.isEmpty()) {
            throw new LockException(name, Describe.lock(name) + " is not held; nothing was released");
        }
        LockRow old = rows.rows.get(0);
        Optional<LockView> next = rows.rows.size() > 1 ? Optional.of(view(rows.rows.get(1))) : Optional.empty();
        return new ForcedRelease(name, old.holderLease(), old.fence(), next);
    }

    // ------------------------------------------------------------------ semaphores and read-write locks

    @Override
    public Page<HoldsView> holds(String cursor, int pageSize) {
        Cursor c = Cursor.parse(cursor, "hold", false);
        return page(c, pageSize, (key, limit) -> new HoldPage(key, c.after(), limit),
                (key, limit) -> new HoldPage(key, null, limit),
                (HoldRows rows) -> new Rows<>(rows.rows.stream().map(holdAdmin::view).toList(), rows.more),
                v -> holdAdmin.key(v.kind(), v.name()), "hold");
    }

    @Override
    public Optional<HoldsView> holds(HoldKind kind, String name) {
        return holdAdmin.read(Objects.requireNonNull(kind, "kind"), name);
    }

    @Override
    public ForcedHoldRelease forceReleaseHolds(HoldKind kind, String name, long leaseId) {
        return holdAdmin.forceRelease(Objects.requireNonNull(kind, "kind"), name, leaseId);
    }

    @Override
    public List<ForcedHoldRelease> forceReleaseHoldsOf(long leaseId) {
        return holdAdmin.forceReleaseOf(leaseId);
    }

    // ------------------------------------------------------------------ paging

    private record Rows<T>(List<T> items, boolean more) {
    }

    /**
     * Fills one page: the cursor's partition first (after its key), then the following partitions in
     * windows; stops as soon as the page is full and says where the next one starts.
     */
    private <R, T> Page<T> page(Cursor start, int pageSize,
                                BiFunction<String, Integer, AdminTask<R>> first,
                                BiFunction<String, Integer, AdminTask<R>> fresh,
                                Function<R, Rows<T>> rowsOf, Function<T, String> keyOf, String kind) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size " + pageSize + " is out of range: 1 to " + MAX_PAGE_SIZE);
        }
        String[] keys = partitionKeys();
        if (start.partition() >= keys.length) {
            throw new IllegalArgumentException(kind + " cursor names partition " + start.partition()
                    + " but the cluster has " + keys.length);
        }
        List<T> out = new ArrayList<>(Math.min(pageSize, 1024));
        int p = start.partition();
        boolean useFirst = start.after() != null;
        int window = 1;
        while (p < keys.length) {
            int need = pageSize - out.size();
            int n = Math.min(window, keys.length - p);
            List<Future<R>> sent = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String key = keys[p + i];
                AdminTask<R> task = (i == 0 && useFirst ? first : fresh).apply(key, need);
                sent.add(call(() -> executor().submitToKeyOwner(task, key), "listing " + kind + "s"));
            }
            useFirst = false;
            boolean allShort = true;
            for (int i = 0; i < n; i++) {
                Rows<T> rows = rowsOf.apply(await(sent.get(i), "listing " + kind + "s"));
                int room = pageSize - out.size();
                List<T> take = rows.items().size() > room ? rows.items().subList(0, room) : rows.items();
                out.addAll(take);
                boolean partitionHasMore = rows.more() || take.size() < rows.items().size();
                if (partitionHasMore && !take.isEmpty()) {
                    String last = keyOf.apply(take.get(take.size() - 1));
                    cancelRest(sent, i + 1);
                    return new Page<>(out, Optional.of(new Cursor(p + i, last).format(kind)));
                }
                if (partitionHasMore) {
                    // Room ran out before this partition gave anything: start it afresh next time.
                    cancelRest(sent, i + 1);
                    return new Page<>(out, Optional.of(new Cursor(p + i, null).format(kind)));
                }
                if (out.size() == pageSize) {
                    cancelRest(sent, i + 1);
                    return new Page<>(out, p + i + 1 < keys.length
                            ? Optional.of(new Cursor(p + i + 1, null).format(kind)) : Optional.empty());
                }
                allShort &= rows.items().size() < need;
            }
            p += n;
            window = allShort ? Math.min(MAX_WINDOW, window * 2) : window;
        }
        return new Page<>(out, Optional.empty());
    }

    private static void cancelRest(List<? extends Future<?>> sent, int from) {
        for (int i = from; i < sent.size(); i++) {
            sent.get(i).cancel(false);
        }
    }

    private String[] partitionKeys() {
        String[] keys = partitionKeys;
        if (keys == null) {
            int count = hz.getPartitionService().getPartitions().size();
            keys = AdminTask.partitionKeys(hz.getPartitionService(), count);
            partitionKeys = keys;
        }
        return keys;
    }

    // ------------------------------------------------------------------ plumbing

    private IExecutorService executor() {
        return hz.getExecutorService(EXECUTOR);
    }

    static <T> T call(java.util.function.Supplier<T> operation, String what) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            throw Outcomes.map(e, what);
        }
    }

    static <T> T await(Future<T> future, String what) {
        try {
            return future.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.leasehold.LeaseholdUnavailableException(what + ": interrupted while waiting for the cluster", e);
        } catch (ExecutionException e) {
            throw Outcomes.map(e.getCause(), what);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new io.leasehold.LeaseholdUnavailableException(what + ": no answer within "
                    + CALL_TIMEOUT_SECONDS + " s", e);
        }
    }

    private LeaseView view(LeaseRow r) {
        return new LeaseView(r.id(), Duration.ofMillis(r.ttl()), Duration.ofMillis(r.remaining()),
                label(r.ownerTag()), r.keyCount());
    }

    private LockView view(LockRow r) {
        return new LockView(r.name(), r.holderLease(), label(r.holderTag()), r.fence(),
                Duration.ofMillis(r.heldFor()), r.waiters());
    }

    /**
     * The holder label: the name the instance registered ({@code LeaseholdSettings.holderName()}, such as
     * {@code billing-api (4242@web-3)}), else its session tag in hex, as its thread names show it; empty
     * for none. A tag's name never changes, so names are remembered.
     */
    String label(long tag) {
        if (tag == 0) {
            return "";
        }
        String known = labels.get(tag);
        if (known != null) {
            return known;
        }
        String name;
        try {
            name = holders.get(tag);
        } catch (RuntimeException e) {
            LOG.debug("Leasehold admin could not read the holder name of tag {}", Long.toHexString(tag), e);
            name = null;
        }
        if (name == null) {
            return Long.toHexString(tag);
        }
        if (labels.size() > 10_000) {
            labels.clear();
        }
        labels.put(tag, name);
        return name;
    }
}
