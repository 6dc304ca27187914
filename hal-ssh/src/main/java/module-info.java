/** HostShell over SSH: scheme {@code ssh}. */
module dev.benchhal.shell.ssh {
    requires transitive dev.benchhal;
    requires dev.benchhal.core;
    requires com.jcraft.jsch;
    requires org.slf4j;

    exports dev.benchhal.shell.ssh;

    provides dev.benchhal.spi.DriverProvider with dev.benchhal.shell.ssh.SshProvider;
}
