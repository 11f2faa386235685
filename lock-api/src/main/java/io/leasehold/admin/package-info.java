/** Operator's API: list and inspect leases and locks, revoke a lease, force a lock free. */
package io.leasehold.admin;
