using Repro.Core.Catalog;
using Repro.Core.Spec;

namespace Repro.Engine.Schedules;

/// <summary>The learning rate is multiplied by `factor` every `every` steps.</summary>
public sealed class StepDecay(Component c) : ISchedule
{
    public static readonly KindInfo Kind = new("step", "multiply the learning rate by `factor` every `every` steps",
    [
        ParamInfo.Count("every", 1000, "steps between decays"),
        new ParamInfo("factor", ParamType.Double, 0.1, "multiplier at each decay") { Min = 0, MinExclusive = true, Max = 1 },
    ]);

    public double Factor(long step, long totalSteps) => Math.Pow(c.Double("factor"), (step - 1) / c.Int("every"));
}
