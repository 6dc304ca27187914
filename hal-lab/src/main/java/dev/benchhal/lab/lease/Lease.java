package dev.benchhal.lab.lease;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Boards held by one holder until a time, unless renewed: what {@link LeaseStore#tryAcquire} hands out.
 *
 * <p>The {@code token} fences the holder: it is larger than every token any earlier holder of these
 * boards had, and a board operation carries it ({@link LeaseStore#verify}), so a holder whose lease
 * expired (it hung, lost its network) cannot act on a board that someone else holds now.
 *
 * @param boards    the board ids, sorted, at least one
 * @param holder    who holds them (the store's holder name)
 * @param token     the fencing token, positive
 * @param expiresAt when the lease ends unless renewed, in the store's time
 */
public record Lease(List<String> boards, String holder, long token, Instant expiresAt) {

    /**
     * Validates and sorts.
     *
     * @param boards    the board ids, sorted, at least one
     * @param holder    who holds them (the store's holder name)
     * @param token     the fencing token, positive
     * @param expiresAt when the lease ends unless renewed, in the store's time
     */
    public Lease {
        boards = List.copyOf(new TreeSet<>(Objects.requireNonNull(boards, "boards")));
        if (boards.isEmpty()) {
            throw new IllegalArgumentException("a lease holds at least one board");
        }
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (token <= 0) {
            throw new IllegalArgumentException("fencing token must be positive, got " + token);
        }
    }

    /**
     * @param newExpiry the end of the renewed lease
     * @return this lease, renewed
     */
    public Lease renewedUntil(Instant newExpiry) {
        return new Lease(boards, holder, token, newExpiry);
    }

    @Override
    public String toString() {
        return "Lease[" + String.join(",", boards) + " held by " + holder + " token=" + token + " until " + expiresAt + "]";
    }
}
