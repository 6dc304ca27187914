package dev.benchhal.hypervisor;

/** Whether an attach or detach acts on the running domain, its persistent config, or both. */
public enum AttachMode {
    /** The running domain only. */
    LIVE,
    /** The persistent definition only. */
    PERSISTENT,
    /** Both. */
    LIVE_AND_PERSISTENT
}
