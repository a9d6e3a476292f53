using Repro.Core.Catalog;
using Repro.Core.Spec;

namespace Repro.Engine.Schedules;

/// <summary>Linear warmup over `warmup` steps, then cosine decay from 1 to `final` over the remaining steps.</summary>
public sealed class Cosine(Component c) : ISchedule
{
    public static readonly KindInfo Kind = new("cosine", "optional linear warmup, then cosine decay of the learning rate to `final` times its value",
    [
        ParamInfo.Count("warmup", 0, "steps of linear warmup", min: 0),
        new ParamInfo("final", ParamType.Double, 0.0, "factor reached at the last step") { Min = 0, Max = 1 },
    ]);

    public double Factor(long step, long totalSteps)
    {
        long warmup = c.Int("warmup");
        if (step <= warmup) return (double)step / warmup;
        double progress = totalSteps == warmup ? 1 : (double)(step - warmup) / (totalSteps - warmup);
        double final = c.Double("final");
        return final + (1 - final) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
