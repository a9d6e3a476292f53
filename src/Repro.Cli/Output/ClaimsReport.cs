using Repro.Core.Claims;
using Repro.Core.Spec;

namespace Repro.Cli.Output;

/// <summary>Prints claim outcomes: one line each with the measured value, the bound and the claim's YAML position.</summary>
public static class ClaimsReport
{
    public static void Write(TextWriter output, ResolvedSpec spec, IReadOnlyList<ClaimOutcome> outcomes)
    {
        if (outcomes.Count == 0)
        {
            output.WriteLine($"{spec.Name}: no claims");
            return;
        }
        int width = outcomes.Max(o => o.Claim.Id.Length);
        foreach (var o in outcomes)
            output.WriteLine($"{(o.Passed ? "PASS" : "FAIL")}  {o.Claim.Id.PadRight(width)}  {o.Describe()}  [{o.Claim.Mark}]");
        int passed = outcomes.Count(o => o.Passed);
        output.WriteLine($"{spec.Name}: {passed} of {outcomes.Count} claims passed");
    }
}
