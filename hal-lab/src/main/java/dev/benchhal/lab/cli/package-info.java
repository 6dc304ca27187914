/** {@code benchhal lab}: the lab scheduler on the command line. */
package dev.benchhal.lab.cli;
