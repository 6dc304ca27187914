package dev.benchhal.lin.ldf;

/**
 * A LIN product identification: {@code product_id = supplier, function, variant;}.
 *
 * @param supplierId 0..0x7FFF (0x7FFF is the wildcard)
 * @param functionId 0..0xFFFF (0xFFFF is the wildcard)
 * @param variant    0..0xFF, 0 when the file gives none
 */
public record ProductId(int supplierId, int functionId, int variant) {

    /**
     * Validates the ranges.
     *
     * @param supplierId 0..0x7FFF (0x7FFF is the wildcard)
     * @param functionId 0..0xFFFF (0xFFFF is the wildcard)
     * @param variant    0..0xFF, 0 when the file gives none
     */
    public ProductId {
        if (supplierId < 0 || supplierId > 0xFFFF || functionId < 0 || functionId > 0xFFFF || variant < 0
                || variant > 0xFF) {
            throw new IllegalArgumentException(String.format(
                    "product id out of range: supplier 0x%X (0..0xFFFF), function 0x%X (0..0xFFFF), variant %d (0..255)",
                    supplierId, functionId, variant));
        }
    }

    @Override
    public String toString() {
        return String.format("ProductId[supplier=0x%04X function=0x%04X variant=%d]", supplierId, functionId, variant);
    }
}
