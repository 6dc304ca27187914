package dev.benchhal.lab.lease;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where boards are leased: one holder (this store instance) takes boards for a time, renews the lease
 * while it works, and gives them back; a holder that dies, hangs or loses its connection gives them
 * back too, at once where the store can tell (the process or its database session ended) and otherwise
 * when the lease expires.
 *
 * <p>Two stores ship: {@link FileLeaseStore} (one host: OS file locks in a directory) and
 * {@link PostgresLeaseStore} (many hosts: the lab's PostgreSQL). Each instance is one holder; it is
 * thread-safe, and its operations block for at most the store's own I/O (a file lock held for a few
 * microseconds by another holder, one database round trip or two).
 *
 * <p>A lease is all or nothing: {@link #tryAcquire} takes every board asked for or none, so two
 * schedulers that want overlapping pairs of boards cannot deadlock.
 */
public interface LeaseStore extends AutoCloseable {

    /** @return this holder's name, unique among the live holders of the store, as status shows it */
    String holder();

    /**
     * Takes every one of {@code boards} for {@code ttl}, or none.
     *
     * @param boards board ids (see {@link dev.benchhal.lab.Board#id()}), at least one
     * @param ttl    how long the lease lasts unless renewed; positive
     * @return the lease, or empty when any of the boards is held by a live holder whose lease has not expired
     * @throws IllegalArgumentException for no boards, an invalid board id or a non-positive ttl
     * @throws LeaseStoreException      when the store cannot be read or written
     */
    Optional<Lease> tryAcquire(Collection<String> boards, Duration ttl);

    /**
     * Extends a lease this holder holds to {@code ttl} from now.
     *
     * @param lease the lease
     * @param ttl   the new remaining time; positive
     * @return the renewed lease
     * @throws LeaseLostException  when the lease ended in the meantime: it is not renewed, whoever holds the boards now
     * @throws LeaseStoreException when the store cannot be read or written
     */
    Lease renew(Lease lease, Duration ttl);

    /**
     * The fencing check a board operation makes before it acts: the lease is still this holder's, unexpired,
     * and holds {@code board}.
     *
     * @param lease the lease the operation carries
     * @param board the board it is about to act on
     * @throws LeaseLostException  when it is not: the operation must not happen
     * @throws LeaseStoreException when the store cannot be read (the operation must not happen either)
     */
    void verify(Lease lease, String board);

    /**
     * Gives the boards back. Idempotent; a lease that ended already is left as it is (someone else may
     * hold the boards now).
     *
     * @param lease the lease
     * @throws LeaseStoreException when the store cannot be written
     */
    void release(Lease lease);

    /**
     * @return every board the store has seen, sorted by board id, with its holder now (expired leases and
     *         leases of dead holders show as free)
     * @throws LeaseStoreException when the store cannot be read
     */
    List<LeaseInfo> leases();

    /**
     * An operator's release ({@code benchhal lab release}): ends whatever lease holds {@code board}; its
     * holder is fenced off from then on.
     *
     * @param board a board id
     * @return the lease that ended, or empty when the board was free
     * @throws LeaseStoreException when the store cannot be written
     */
    Optional<LeaseInfo> forceRelease(String board);

    /**
     * Ends this holder: releases its leases and gives up its liveness (its remaining leases, if any could not
     * be released, count as a dead holder's). Idempotent.
     */
    @Override
    void close();
}
