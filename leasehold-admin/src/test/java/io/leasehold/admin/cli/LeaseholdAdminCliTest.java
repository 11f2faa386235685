package io.leasehold.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.LockNotHeldException;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Drives the admin command line in-process (picocli's execute with captured writers), each command
 * connecting as a real Hazelcast client to a running 3-member cluster.
 */
class LeaseholdAdminCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestCluster cluster;
    private static final List<HazelcastInstance> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        cluster = new TestCluster(3);
    }

    @AfterAll
    static void stop() {
        clients.forEach(HazelcastInstance::shutdown);
        cluster.close();
    }

    private static Leasehold leasehold() {
        HazelcastInstance client = cluster.newClient();
        clients.add(client);
        return HazelcastLeasehold.create(client);
    }

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LeaseholdAdminCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--cluster-name");
        all.add(cluster.name);
        all.add("--address");
        all.add(String.join(",", cluster.members.stream()
                .map(m -> "127.0.0.1:" + m.getCluster().getLocalMember().getAddress().getPort()).toList()));
        int code = cl.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void listsInspectsRevokesAndForceReleases() throws Exception {
        Leasehold holder = leasehold();
        Leasehold waiter = leasehold();
        List<String> lost = new CopyOnWriteArrayList<>();
        holder.addLockLostListener((name, fence, lease, reason) -> lost.add(name + "#" + fence + ": " + reason));

        LockHandle orders = holder.lock("orders").tryLock().orElseThrow();
        LockHandle stock = holder.lock("stock").tryLock().orElseThrow();
        long holderLease = orders.leaseId();
        String holderHex = Long.toHexString(holderLease);
        LeaseLock waited = waiter.lock("orders");
        CompletableFuture<Optional<LockHandle>> next = CompletableFuture.supplyAsync(() -> {
            try {
                return waited.tryLock(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(30, TimeUnit.SECONDS).until(() -> holder.lock("orders").holder().orElseThrow().waiters() == 1);

        // leases: both sessions, with a holder label; paged one row at a time gives the same set.
        Result leases = cli("leases", "--json");
        assertEquals(0, leases.code(), leases.err());
        Set<String> ids = new HashSet<>();
        leases.json().get("leases").forEach(n -> ids.add(n.get("id").asText()));
        assertTrue(ids.contains(holderHex), leases.out());
        assertTrue(ids.contains(Long.toHexString(waiter.sessionLeaseId().orElseThrow())), leases.out());
        leases.json().get("leases").forEach(n -> {
            assertFalse(n.get("holder").asText().isEmpty(), "every session lease has a holder label: " + n);
            assertTrue(n.get("remainingMillis").asLong() > 0, n.toString());
        });
        Result paged = cli("leases", "--json", "--page-size", "1", "--all");
        assertEquals(0, paged.code(), paged.err());
        Set<String> pagedIds = new HashSet<>();
        paged.json().get("leases").forEach(n -> assertTrue(pagedIds.add(n.get("id").asText()), "no row twice"));
        assertEquals(ids, pagedIds);
        Result table = cli("leases");
        assertTrue(table.out().startsWith("LEASE"), table.out());
        assertTrue(table.out().contains(holderHex), table.out());

        // lease ID: TTL, keys, and the locks it holds.
        Result lease = cli("lease", holderHex, "--json");
        assertEquals(0, lease.code(), lease.err());
        List<String> held = new ArrayList<>();
        lease.json().get("locks").forEach(n -> held.add(n.get("name").asText()));
        assertEquals(List.of("orders", "stock"), held);
        assertEquals(10_000, lease.json().get("ttlMillis").asLong());

        // locks and lock NAME: holder, fence, waiters.
        Result locks = cli("locks");
        assertEquals(0, locks.code(), locks.err());
        assertTrue(locks.out().contains("orders") && locks.out().contains("stock"), locks.out());
        JsonNode lock = cli("lock", "orders", "--json").json();
        assertTrue(lock.get("held").asBoolean());
        assertEquals(holderHex, lock.get("lease").asText());
        assertEquals(orders.fence(), lock.get("fence").asLong());
        assertEquals(1, lock.get("waiters").asInt());

        // release NAME: the waiter gets it with a higher fence, the old holder is told and its handle is invalid.
        Result release = cli("release", "orders", "--json");
        assertEquals(0, release.code(), release.err());
        assertEquals(holderHex, release.json().get("oldLease").asText());
        assertEquals(orders.fence(), release.json().get("oldFence").asLong());
        LockHandle handed = next.get(30, TimeUnit.SECONDS).orElseThrow();
        assertTrue(handed.fence() > orders.fence());
        assertEquals(handed.fence(), release.json().get("newHolder").get("fence").asLong());
        await().atMost(30, TimeUnit.SECONDS).until(() -> !lost.isEmpty());
        assertTrue(lost.get(0).startsWith("orders#" + orders.fence() + ": "), lost.toString());
        assertFalse(orders.isValid());
        LockNotHeldException notHeld = assertThrows(LockNotHeldException.class, orders::unlock);
        assertFalse(notHeld.getMessage().contains("last fence 0"), notHeld.getMessage());
        assertTrue(stock.isValid(), "the other lock of the lease stays held");
        assertEquals(holderLease, holder.lock("stock").holder().orElseThrow().leaseId());

        // release of a free lock: nothing changes, exit 1.
        handed.unlock();
        Result free = cli("release", "orders");
        assertEquals(LeaseholdAdminCli.NOT_FOUND, free.code());
        assertTrue(free.err().contains("lock 'orders' is not held"), free.err());

        // revoke ID: the lease is gone and its lock is free.
        Lease own = holder.lessor().grant(Duration.ofSeconds(30));
        LockHandle c = holder.lock("c-lock").tryLock(own.id()).orElseThrow();
        Result revoke = cli("revoke", Long.toHexString(own.id()));
        assertEquals(0, revoke.code(), revoke.err());
        assertTrue(revoke.out().contains("revoked lease " + Long.toHexString(own.id())), revoke.out());
        assertTrue(revoke.out().contains("freed 1 lock:") && revoke.out().contains("c-lock"),
                "revoke lists the locks it freed: " + revoke.out());
        assertTrue(cli("lock", "c-lock").out().contains("lock 'c-lock' is free"));
        Result gone = cli("lease", Long.toHexString(own.id()));
        assertEquals(LeaseholdAdminCli.NOT_FOUND, gone.code());
        assertTrue(gone.err().contains("lease " + Long.toHexString(own.id())), gone.err());
        await().atMost(30, TimeUnit.SECONDS).until(() -> !c.isValid());

        // bad input: a clear message, usage exit code.
        Result bad = cli("lease", "not-hex");
        assertEquals(CommandLine.ExitCode.USAGE, bad.code());
        assertTrue(bad.err().contains("'not-hex' is not a hexadecimal lease id"), bad.err());
        stock.unlock();
    }

    @Test
    void theHolderIsTheInstancesNameWithItsProcessAndHost() throws Exception {
        HazelcastInstance client = cluster.newClient();
        clients.add(client);
        Leasehold named = HazelcastLeasehold.create(client,
                io.leasehold.hazelcast.LeaseholdSettings.builder().holderName("billing-api").build());
        LockHandle h = named.lock("named.lock").tryLock().orElseThrow();
        JsonNode lock = cli("lock", "named.lock", "--json").json();
        String holder = lock.get("holder").asText();
        assertTrue(holder.startsWith("billing-api (" + ProcessHandle.current().pid() + "@"), holder);
        Result table = cli("locks");
        assertTrue(table.out().contains("billing-api (" + ProcessHandle.current().pid() + "@"), table.out());
        h.unlock();
        named.close();

        Leasehold unnamed = leasehold();
        LockHandle u = unnamed.lock("unnamed.lock").tryLock().orElseThrow();
        assertTrue(cli("lock", "unnamed.lock", "--json").json().get("holder").asText()
                .startsWith(ProcessHandle.current().pid() + "@"), "default holder name is pid@host");
        u.unlock();
    }

    @Test
    void aWrongClusterNameOrAnEmptyAddressFailsAtOnceAndSaysWhatToChange() {
        String member = "127.0.0.1:" + cluster.members.get(0).getCluster().getLocalMember().getAddress().getPort();
        long start = System.nanoTime();
        Result wrongName = cliAs("not-" + cluster.name, member, "locks", "--json");
        assertEquals(LeaseholdAdminCli.UNAVAILABLE, wrongName.code(), wrongName.err());
        assertTrue(wrongName.err().contains("the members at " + member + " refused that cluster name"), wrongName.err());
        assertTrue(wrongName.err().contains("--cluster-name NAME"), wrongName.err());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "fails at once, not after the timeout");

        Result nobody = cliAs(cluster.name, "127.0.0.1:1", "locks");
        assertEquals(LeaseholdAdminCli.UNAVAILABLE, nobody.code(), nobody.err());
        assertTrue(nobody.err().contains("no member listens at 127.0.0.1:1"), nobody.err());

        Result badPort = cliAs(cluster.name, "127.0.0.1:http", "locks");
        assertEquals(CommandLine.ExitCode.USAGE, badPort.code(), badPort.err());
        assertTrue(badPort.err().contains("--address 127.0.0.1:http: the port must be a number"), badPort.err());
    }

    private static Result cliAs(String clusterName, String address, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LeaseholdAdminCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--cluster-name", clusterName, "--address", address, "--connect-timeout", "3"));
        int code = cl.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void pagesCoverManyLocksOnceEach() throws Exception {
        Leasehold leasehold = leasehold();
        Set<String> names = new HashSet<>();
        List<LockHandle> handles = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String name = "paged.lock-" + i;
            handles.add(leasehold.lock(name).tryLock().orElseThrow());
            names.add(name);
        }
        leasehold.lock("paged.free").tryLock().orElseThrow().unlock();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Result r = cursor == null ? cli("locks", "--json", "--page-size", "7")
                    : cli("locks", "--json", "--page-size", "7", "--cursor", cursor);
            assertEquals(0, r.code(), r.err());
            JsonNode page = r.json();
            assertTrue(page.get("locks").size() <= 7);
            page.get("locks").forEach(n -> assertTrue(seen.add(n.get("name").asText()), "no lock twice: " + n));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 40);
        assertTrue(seen.containsAll(names), "every held lock listed: " + seen);
        assertFalse(seen.contains("paged.free"), "a free lock is not listed");
        assertTrue(pages >= 6, "40 locks in pages of 7: " + pages);
        Result bad = cli("locks", "--cursor", "lease.0.");
        assertEquals(CommandLine.ExitCode.USAGE, bad.code());
        assertTrue(bad.err().contains("is not a lock listing cursor"), bad.err());
        handles.forEach(LockHandle::unlock);
    }

    @Test
    void pagesCoverManyLeasesOnceEach() throws Exception {
        Leasehold leasehold = leasehold();
        Set<String> granted = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            granted.add(Long.toHexString(leasehold.lessor().grant(Duration.ofSeconds(60)).id()));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Result r = cursor == null ? cli("leases", "--json", "--page-size", "64")
                    : cli("leases", "--json", "--page-size", "64", "--cursor", cursor);
            assertEquals(0, r.code(), r.err());
            JsonNode page = r.json();
            assertTrue(page.get("leases").size() <= 64);
            page.get("leases").forEach(n -> assertTrue(seen.add(n.get("id").asText()), "no lease twice: " + n));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 50);
        assertTrue(seen.containsAll(granted), "every granted lease listed");
        assertTrue(pages >= 5, "300 leases in pages of 64: " + pages);
    }

    @Test
    void listsAndForceReleasesSemaphorePermitsAndReadWriteHolds() throws Exception {
        Leasehold holder = leasehold();
        Leasehold other = leasehold();
        String pool = "pool-" + java.util.UUID.randomUUID();
        String doc = "doc-" + java.util.UUID.randomUUID();
        holder.semaphore(pool).init(3);
        long heldFence = holder.semaphore(pool).tryAcquire(2).orElseThrow();
        CompletableFuture<java.util.OptionalLong> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return other.semaphore(pool).tryAcquire(2, Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        holder.readWriteLock(doc).tryLockShared().orElseThrow();
        other.readWriteLock(doc).tryLockShared().orElseThrow();
        String holderLease = Long.toHexString(holder.sessionLeaseId().orElseThrow());
        String otherLease = Long.toHexString(other.sessionLeaseId().orElseThrow());
        await().atMost(30, TimeUnit.SECONDS).until(() -> cli("hold", "semaphore", pool, "--json").json()
                .get("waiters").asInt() == 1);

        // holds: every held name with its holds, by kind; the table says permits / shared.
        Result list = cli("holds", "--json", "--all");
        assertEquals(0, list.code(), list.err());
        JsonNode sem = null;
        JsonNode rw = null;
        for (JsonNode n : list.json().get("holds")) {
            sem = n.get("name").asText().equals(pool) ? n : sem;
            rw = n.get("name").asText().equals(doc) ? n : rw;
        }
        assertNotNull(sem, list.out());
        assertEquals("semaphore", sem.get("kind").asText());
        assertEquals(3, sem.get("permits").asLong());
        assertEquals(1, sem.get("available").asLong());
        assertEquals(1, sem.get("waiters").asInt());
        assertEquals(1, sem.get("holds").size());
        assertEquals(holderLease, sem.get("holds").get(0).get("lease").asText());
        assertEquals(2, sem.get("holds").get(0).get("count").asLong());
        assertEquals(heldFence, sem.get("holds").get(0).get("fence").asLong());
        assertFalse(sem.get("holds").get(0).get("exclusive").asBoolean());
        assertNotNull(rw, list.out());
        assertEquals("rwlock", rw.get("kind").asText());
        assertEquals(2, rw.get("holds").size());
        Result table = cli("holds", "--all");
        assertTrue(table.out().startsWith("KIND"), table.out());
        assertTrue(table.out().contains("permits") && table.out().contains("shared"), table.out());

        // By name: the holder's permits go, the waiter is served with a higher fence, the lease stays.
        Result byName = cli("release-holds", "semaphore", pool, "--json");
        assertEquals(0, byName.code(), byName.err());
        JsonNode released = byName.json().get("released").get(0);
        assertEquals(holderLease, released.get("holds").get(0).get("lease").asText());
        assertEquals(1, released.get("grantedToWaiters").size());
        long handed = waiting.get(30, TimeUnit.SECONDS).orElseThrow();
        assertTrue(handed > heldFence);
        assertEquals(handed, released.get("grantedToWaiters").get(0).get("fence").asLong());
        assertEquals(0, holder.semaphore(pool).heldPermits());
        assertThrows(io.leasehold.PermitsNotHeldException.class, () -> holder.semaphore(pool).release(2));
        assertEquals(holderLease, Long.toHexString(holder.sessionLeaseId().orElseThrow()), "the lease stays");

        // By name and lease: only that lease's read hold.
        Result byNameAndLease = cli("release-holds", "rwlock", doc, "--lease", holderLease, "--json");
        assertEquals(0, byNameAndLease.code(), byNameAndLease.err());
        JsonNode left = cli("hold", "rwlock", doc, "--json").json();
        assertEquals(1, left.get("holds").size());
        assertEquals(otherLease, left.get("holds").get(0).get("lease").asText());

        // By lease: every name it holds.
        Result byLease = cli("release-holds", "--lease", otherLease);
        assertEquals(0, byLease.code(), byLease.err());
        assertTrue(byLease.out().contains("semaphore '" + pool + "'") && byLease.out().contains("rwlock '" + doc + "'"),
                byLease.out());
        assertFalse(cli("hold", "rwlock", doc, "--json").json().get("held").asBoolean());
        assertEquals(3, holder.semaphore(pool).availablePermits());

        Result nothing = cli("release-holds", "semaphore", pool);
        assertEquals(LeaseholdAdminCli.NOT_FOUND, nothing.code(), nothing.out());
        assertTrue(nothing.err().contains(pool), nothing.err());
        assertEquals(CommandLine.ExitCode.USAGE, cli("release-holds", "semaphore").code());
        Result badKind = cli("hold", "mutex", pool);
        assertEquals(CommandLine.ExitCode.USAGE, badKind.code());
        assertTrue(badKind.err().contains("semaphore or rwlock"), badKind.err());
    }
}
