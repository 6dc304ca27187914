/**
 * A lab host in a container, for users' integration tests (Testcontainers): {@link LabHostContainer} and its image,
 * {@link LabHostImage}.
 */
package dev.benchhal.testcontainers;
