namespace Repro.Core.Catalog;

/// <summary>
/// The numbers a data kind holds for one trial, for the memory estimate: <see cref="Points"/> examples of
/// <see cref="Features"/> inputs and one target each, plus <see cref="Extra"/> numbers (the truth, factors);
/// <see cref="Train"/> of the points are the training set. Doubles: a typo'd size must be estimated, not overflow.
/// </summary>
public sealed record DataSize(double Points, double Features, double Train, double Extra = 0)
{
    public double Values => Points * (Features + 1) + Extra;
}
