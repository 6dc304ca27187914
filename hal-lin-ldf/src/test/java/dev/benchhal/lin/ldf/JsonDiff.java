package dev.benchhal.lin.ldf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Structural comparison of plain JSON-like values; numbers compare by value (floats with a relative tolerance). */
final class JsonDiff {

    private JsonDiff() {
    }

    static List<String> diff(String path, Object expected, Object actual) {
        List<String> out = new ArrayList<>();
        diff(path, expected, actual, out);
        return out;
    }

    private static void diff(String path, Object expected, Object actual, List<String> out) {
        if (expected instanceof Map && actual instanceof Map) {
            Map<?, ?> e = (Map<?, ?>) expected;
            Map<?, ?> a = (Map<?, ?>) actual;
            TreeSet<String> keys = new TreeSet<>();
            e.keySet().forEach(k -> keys.add(String.valueOf(k)));
            a.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String key : keys) {
                if (!e.containsKey(key)) {
                    out.add(path + "." + key + ": unexpected " + a.get(key));
                } else if (!a.containsKey(key)) {
                    out.add(path + "." + key + ": missing, expected " + e.get(key));
                } else {
                    diff(path + "." + key, e.get(key), a.get(key), out);
                }
            }
            return;
        }
        if (expected instanceof List && actual instanceof List) {
            List<?> e = (List<?>) expected;
            List<?> a = (List<?>) actual;
            if (e.size() != a.size()) {
                out.add(path + ": expected " + e.size() + " items " + e + ", got " + a.size() + " " + a);
                return;
            }
            for (int i = 0; i < e.size(); i++) {
                diff(path + "[" + i + "]", e.get(i), a.get(i), out);
            }
            return;
        }
        if (expected instanceof Number && actual instanceof Number) {
            double e = ((Number) expected).doubleValue();
            double a = ((Number) actual).doubleValue();
            if (e != a && Math.abs(e - a) > 1e-9 * Math.max(Math.abs(e), Math.abs(a))) {
                out.add(path + ": expected " + expected + ", got " + actual);
            }
            return;
        }
        if (!Objects.equals(expected, actual)) {
            out.add(path + ": expected " + expected + ", got " + actual);
        }
    }
}
