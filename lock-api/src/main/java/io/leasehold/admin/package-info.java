/** Operator's API: list and inspect leases and locks, revoke a lease, force a lock, or a semaphore's or read-write lock's holds, free. */
package io.leasehold.admin;
