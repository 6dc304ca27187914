/** A tiny Linux guest for hypervisor tests, built from Debian's packages: {@link dev.benchhal.tck.guest.TinyGuest}. */
package dev.benchhal.tck.guest;
