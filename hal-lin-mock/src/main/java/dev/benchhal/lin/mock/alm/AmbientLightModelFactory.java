package dev.benchhal.lin.mock.alm;

import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.lin.mock.NodeBehaviour;
import dev.benchhal.lin.mock.NodeBehaviourFactory;

import java.util.List;

/** Model {@code alm}: {@link AmbientLightNode}, for a node that publishes ALM_Status and the PWM frames. */
public final class AmbientLightModelFactory implements NodeBehaviourFactory {

    private static final List<String> SIGNALS = List.of("AmbLightColourRed", "AmbLightColourGreen", "AmbLightColourBlue",
            "AmbLightIntensity", "AmbLightUpdate", "AmbLightDuration", "AmbLightLIDFrom", "AmbLightLIDTo", "ALMNadNo",
            "ALMLEDState", "ALMVoltageStatus", "ALMThermalStatus", "PWM_Frame_Red", "PWM_Frame_Green", "PWM_Frame_Blue",
            "PWM_wo_Comp_Red", "PWM_wo_Comp_Green", "PWM_wo_Comp_Blue", "Tj_Frame_NTC", "ConfigFrame_EnableDerating",
            "ConfigFrame_EnableCompensation", "ConfigFrame_MaxLM");

    /** Called by {@link java.util.ServiceLoader}. */
    public AmbientLightModelFactory() {
    }

    @Override
    public String model() {
        return "alm";
    }

    @Override
    public NodeBehaviour create(String node, LdfDatabase ldf) {
        List<String> missing = SIGNALS.stream().filter(s -> ldf.signal(s).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("model alm needs the ALM signals; " + ldf.source() + " lacks " + missing);
        }
        return new AmbientLightNode();
    }
}
