package dev.benchhal.harness.fabric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a stored fabric compares with live discovery (the seed's {@code Fabric.binding_cache_status}), with what
 * changed.
 *
 * @param state   the verdict
 * @param live    the live fingerprint
 * @param changes what differs, one line each, most serious first; empty when ready
 */
public record FabricStatus(State state, String live, List<String> changes) {

    /** The verdicts, each with the exit code {@code benchhal fabric status} gives it. */
    public enum State {
        /** Live discovery gives the stored fingerprint: the bindings hold (exit 0). */
        READY(0),
        /** Every hub a radio head needs is there, but the hubs changed (one added, moved, replaced): bind again (exit 1). */
        STALE(1),
        /** A hub a radio head needs was not found, or its machine did not answer (exit 4). */
        MISSING(4);

        private final int exitCode;

        State(int exitCode) {
            this.exitCode = exitCode;
        }

        /** @return the exit code of {@code benchhal fabric status} for this verdict */
        public int exitCode() {
            return exitCode;
        }
    }

    /**
     * Freezes the list.
     *
     * @param state   the verdict
     * @param live    the live fingerprint
     * @param changes what differs, one line each, most serious first; empty when ready
     */
    public FabricStatus {
        changes = List.copyOf(changes);
    }

    /**
     * Compares a stored fabric with live discovery.
     *
     * @param stored the fabric
     * @param live   what discovery found now
     * @return the verdict and what changed
     */
    public static FabricStatus of(FabricDefinition stored, Discovery live) {
        Map<String, List<String>> radiosByHub = new LinkedHashMap<>();
        stored.rrhs().forEach(r -> radiosByHub.computeIfAbsent(r.hub(), k -> new ArrayList<>()).add(r.name()));
        List<String> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (HubRecord was : stored.hubs()) {
            Optional<HubRecord> now = live.hub(was.serial());
            List<String> radios = radiosByHub.getOrDefault(was.serial(), List.of());
            String uses = radios.isEmpty() ? "no radio head" : String.join(", ", radios);
            if (now.isEmpty()) {
                Optional<MachineHubs> silent = live.machines().stream()
                        .filter(m -> m.machine().equals(was.machine()) && !m.answered()).findFirst();
                String why = silent.map(m -> " (" + m.machine() + " did not answer: " + m.error().orElseThrow() + ")")
                        .orElse(live.machines().stream().anyMatch(m -> m.machine().equals(was.machine())) ? ""
                                : " (machine " + was.machine() + " is not in the lab file any more)");
                (radios.isEmpty() ? changed : missing).add("hub " + was.serial() + " (" + uses + ") not found on "
                        + was.machine() + why);
            } else if (!now.get().equals(was)) {
                HubRecord n = now.get();
                List<String> what = new ArrayList<>();
                if (!n.machine().equals(was.machine())) {
                    what.add("moved from " + was.machine() + " to " + n.machine());
                }
                if (!n.model().equals(was.model()) || n.ports() != was.ports()) {
                    what.add("was " + was.model() + " with " + was.ports() + " ports, now " + n.model() + " with " + n.ports());
                }
                boolean portGone = radios.stream().anyMatch(r -> stored.rrhs().stream()
                        .anyMatch(b -> b.name().equals(r) && n.ports() > 0 && b.port() >= n.ports()));
                (portGone ? missing : changed).add("hub " + was.serial() + " (" + uses + ") " + String.join(", ", what));
            }
        }
        for (HubRecord now : live.hubs()) {
            if (stored.hubs().stream().noneMatch(h -> h.serial().equals(now.serial()))) {
                changed.add("hub " + now.serial() + " added: " + now);
            }
        }
        List<String> all = new ArrayList<>(missing);
        all.addAll(changed);
        String fingerprint = live.fingerprint();
        State state;
        if (!missing.isEmpty()) {
            state = State.MISSING;
        } else if (!fingerprint.equals(stored.fingerprint()) || !changed.isEmpty()) {
            state = State.STALE;
            if (changed.isEmpty()) {
                all.add("fingerprint " + stored.fingerprint() + " is now " + fingerprint);
            }
        } else {
            state = State.READY;
        }
        return new FabricStatus(state, fingerprint, all);
    }

    /** @return the verdict with what changed, on one line: {@code STALE: hub 5100A002 added: ...} */
    @Override
    public String toString() {
        return state + (changes.isEmpty() ? "" : ": " + changes.stream().collect(Collectors.joining("; ")));
    }
}
