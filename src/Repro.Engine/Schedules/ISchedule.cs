namespace Repro.Engine.Schedules;

/// <summary>A `schedule:` kind: the factor applied to the optimizer's learning rate at a step (1-based).</summary>
public interface ISchedule
{
    double Factor(long step, long totalSteps);
}
