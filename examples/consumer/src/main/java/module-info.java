/** The helpers of a bench test suite, as a named module: Bench HAL needs no flags on the module path. */
module com.example.bench {
    requires dev.benchhal.core;
    requires dev.benchhal.lin.ldf;

    exports com.example.bench;
}
