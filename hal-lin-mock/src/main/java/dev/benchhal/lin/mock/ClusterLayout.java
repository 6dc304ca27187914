package dev.benchhal.lin.mock;

import dev.benchhal.lin.ldf.FrameCodec;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.lin.ldf.LdfFrame;
import dev.benchhal.lin.ldf.LdfSignal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Signals and frames of the LDF as arrays, so nodes keep one {@code long} per signal and frames pack without lookups. */
final class ClusterLayout {

    /** A frame with its codec and where each of its signals sits in a node's value array. */
    @SuppressWarnings("ArrayRecordComponent") // internal, never compared: an array for the hot path
    record FrameSlots(LdfFrame frame, FrameCodec codec, int[] signalIndex) {
    }

    final LdfDatabase ldf;
    final List<LdfSignal> signals;
    private final Map<String, Integer> signalIndex = new HashMap<>();
    private final Map<String, FrameSlots> frames = new HashMap<>();
    private final Map<Integer, List<String>> framesOfSignal = new HashMap<>();

    ClusterLayout(LdfDatabase ldf) {
        this.ldf = ldf;
        this.signals = ldf.signals();
        for (int i = 0; i < signals.size(); i++) {
            signalIndex.put(signals.get(i).name(), i);
        }
        for (LdfFrame frame : ldf.frames()) {
            FrameCodec codec = ldf.codec(frame.name());
            int[] index = new int[codec.signalCount()];
            for (int k = 0; k < index.length; k++) {
                index[k] = signalIndex.get(codec.signal(k).name());
                framesOfSignal.computeIfAbsent(index[k], x -> new ArrayList<>()).add(frame.name());
            }
            frames.put(frame.name(), new FrameSlots(frame, codec, index));
        }
    }

    int signalIndex(String signal, String source) {
        Integer index = signalIndex.get(signal);
        if (index == null) {
            throw new dev.benchhal.error.NotFoundException(source, "no signal \"" + signal + "\" in " + ldf.source());
        }
        return index;
    }

    FrameSlots frame(String name) {
        FrameSlots slots = frames.get(name);
        if (slots == null) {
            ldf.requireFrame(name);
        }
        return slots;
    }

    List<String> framesOf(int signal) {
        return framesOfSignal.getOrDefault(signal, List.of());
    }

    long[] initValues() {
        long[] values = new long[signals.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = signals.get(i).initRaw() & signals.get(i).mask();
        }
        return values;
    }
}
