/**
 * Copyable starting points for new tests, kept out of the default run as the seed keeps its
 * underscore templates (tag {@code template}; run them with {@code mvn verify -Dsuite.excludedGroups=
 * -Dgroups=template}). Copy one into a suite's package and rename it.
 */
@BenchSuite(name = "templates", roles = {"lin", "psu"})
package com.example.ecu.templates;

import dev.benchhal.junit.BenchSuite;
