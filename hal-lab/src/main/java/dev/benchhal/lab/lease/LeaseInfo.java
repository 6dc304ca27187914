package dev.benchhal.lab.lease;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * What a store knows about one board now, for {@code benchhal lab leases} and for schedulers that
 * look for free boards.
 *
 * @param board     the board id
 * @param holder    who holds it, or {@code null} when free
 * @param token     the fencing token of the current or last lease, 0 when never leased
 * @param expiresAt when the current lease ends unless renewed, or {@code null} when free
 */
public record LeaseInfo(String board, @Nullable String holder, long token, @Nullable Instant expiresAt) {

    /** @return whether someone holds the board now */
    public boolean held() {
        return holder != null;
    }
}
