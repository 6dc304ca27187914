/** Flashing an ECU over LIN: the image to write (Intel HEX, read with every check the format allows). */
package dev.benchhal.lin.ldf.flash;
