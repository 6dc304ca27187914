package dev.benchhal.hypervisor;

/** A domain's lifecycle state. */
public enum DomainState {
    /** Defined, not running. */
    SHUT_OFF,
    /** Running. */
    RUNNING,
    /** Paused by the hypervisor or the user. */
    PAUSED,
    /** Shutting down. */
    SHUTTING_DOWN,
    /** Crashed. */
    CRASHED,
    /** Suspended by the guest (power management). */
    SUSPENDED,
    /** Blocked on a resource. */
    BLOCKED,
    /** None of the above. */
    UNKNOWN
}
