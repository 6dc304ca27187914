/**
 * Leases on boards: {@link dev.benchhal.lab.lease.LeaseStore} with OS file locks for one host and
 * PostgreSQL for many, expiring unless renewed, fenced by token, and
 * {@link dev.benchhal.lab.lease.LeaseKeeper}, which renews them while a run works.
 */
package dev.benchhal.lab.lease;
