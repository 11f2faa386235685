/**
 * Leader election on leases, with a fenced term. See {@link io.leasehold.election.LeaderElection}
 * for how leadership is held and why every term carries a fence.
 */
package io.leasehold.election;
