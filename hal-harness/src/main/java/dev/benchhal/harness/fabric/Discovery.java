package dev.benchhal.harness.fabric;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What live discovery found on every machine of a lab, and its fingerprint: a hash of every hub's machine, serial,
 * model and port count, in a fixed order. A fabric stores the fingerprint it was bound against; when live discovery
 * gives another, the bench changed.
 *
 * @param machines every machine asked, in the lab file's order
 */
public record Discovery(List<MachineHubs> machines) {

    /**
     * Freezes the list.
     *
     * @param machines every machine asked, in the lab file's order
     */
    public Discovery {
        machines = List.copyOf(machines);
    }

    /** @return every hub found, machine by machine */
    public List<HubRecord> hubs() {
        return machines.stream().flatMap(m -> m.hubs().stream()).toList();
    }

    /**
     * @param serial a hub's serial
     * @return where that hub was found, if it was
     */
    public Optional<HubRecord> hub(String serial) {
        return hubs().stream().filter(h -> h.serial().equals(serial)).findFirst();
    }

    /** @return whether every machine answered */
    public boolean complete() {
        return machines.stream().allMatch(MachineHubs::answered);
    }

    /** @return the total module count across machines (the seed's last line) */
    public int moduleCount() {
        return hubs().size();
    }

    /** @return the fingerprint of these hubs: {@code sha256:} and 16 hex digits */
    public String fingerprint() {
        return fingerprint(hubs());
    }

    /**
     * @param hubs some hubs
     * @return their fingerprint, whatever their order
     */
    public static String fingerprint(List<HubRecord> hubs) {
        String lines = hubs.stream().map(HubRecord::fingerprintLine).sorted(Comparator.naturalOrder())
                .collect(Collectors.joining("\n"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(lines.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
