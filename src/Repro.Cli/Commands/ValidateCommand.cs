using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Engine;
using Repro.Engine.Registry;

namespace Repro.Cli.Commands;

/// <summary>`repro validate SPEC`: load, check and plan a spec without touching libtorch.</summary>
public static class ValidateCommand
{
    public static int Execute(string specPath, bool canonical, IReadOnlyList<string> overrides, TextWriter output)
    {
        var spec = SpecBinder.Load(specPath, Registries.Catalog, overrides);
        var plan = Planner.Plan(spec, EngineInfo.Version);
        if (canonical)
            output.WriteLine(Canonical.Pretty(spec.ToCanonical()));
        else
            output.WriteLine($"{specPath}: ok: {spec.Name}, {plan.Trials.Count} trials ({spec.Points.Count} sweep points x {spec.Seeds.Count} seeds), " +
                             $"{spec.Claims.Count} claims, {spec.Figures.Count} figures, spec hash {spec.Hash[..16]}");
        return ExitCodes.Ok;
    }
}
