using Repro.Core.Catalog;

namespace Repro.Engine.Schedules;

public sealed class Constant : ISchedule
{
    public static readonly KindInfo Kind = new("constant", "the learning rate stays as given", []);

    public double Factor(long step, long totalSteps) => 1.0;
}
