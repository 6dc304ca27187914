package dev.benchhal.spi;

/**
 * What {@code benchhal drivers} shows of one installed provider.
 *
 * @param scheme        the URI scheme
 * @param family        the family interface's simple name, e.g. {@code PowerSupply}
 * @param providerClass the provider's class name
 * @param module        the JPMS module name, or the jar or directory it was loaded from on the classpath
 * @param version       the module or jar version, or {@code "unknown"}
 * @param description   the provider's one-line description
 */
public record ProviderInfo(String scheme, String family, String providerClass, String module, String version,
                           String description) {

    @Override
    public String toString() {
        return scheme + " (" + family + ")";
    }
}
