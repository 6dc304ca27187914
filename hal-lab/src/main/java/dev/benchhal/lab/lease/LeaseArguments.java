package dev.benchhal.lab.lease;

import dev.benchhal.lab.Board;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** The checks every lease store makes on its arguments, in one place. */
final class LeaseArguments {

    private LeaseArguments() {
    }

    /** @return the board ids, validated, without duplicates, sorted */
    static List<String> boards(Collection<String> boards) {
        if (boards.isEmpty()) {
            throw new IllegalArgumentException("a lease holds at least one board, got none");
        }
        TreeSet<String> ids = new TreeSet<>();
        for (String board : boards) {
            ids.add(Board.name("board id", board));
        }
        return List.copyOf(ids);
    }

    static Duration positive(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease time must be positive, got " + ttl);
        }
        return ttl;
    }

    /** @return this host's name for holder names, "localhost" when it has none */
    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
