using System.Globalization;
using System.Text.RegularExpressions;

namespace Repro.Core.Claims.Reducers;

/// <summary>
/// `reduce: at-least K of N` — a k-of-n vote: at least K of the N selected trials (seeds, say) must hold. `of N` is
/// optional; where written, the binder checks the claim selects exactly N trials. It shows the K-th best trial: the
/// one whose value decides.
/// </summary>
public sealed partial record AtLeastOf(int K = 1, int? N = null) : Vote
{
    public override string Name => "at-least";

    public override string Syntax => "at-least K [of N]";

    public override string Pattern => @"at-least\s+\S+(\s+of\s+\S+)?";

    public override string Doc => "a vote: at least K of the selected trials must hold (`of N`: and the claim selects N); shows the K-th best";

    public override string Shown => $"{Ordinal(K)} best";

    public override Reducer? Parse(FormInput input)
    {
        const string fix = "write e.g. `reduce: at-least 3 of 5` (K ≥ 1 trials must hold; `of N`, if given, is how many the claim selects)";
        var m = Form().Match(input.Argument);
        if (!m.Success || !int.TryParse(m.Groups["k"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k < 1)
        {
            input.Error($"at-least {FormInput.Echo(input.Argument)} is not a count of trials", fix);
            return null;
        }
        if (!m.Groups["n"].Success) return new AtLeastOf(k);
        if (!int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < k)
        {
            input.Error($"at-least {FormInput.Echo(input.Argument)}: N must be a count of at least K", fix);
            return null;
        }
        return new AtLeastOf(k, n);
    }

    public override bool Passed(int holding, int trials) => holding >= K;

    public override double Pick(IReadOnlyList<double> values, Func<double, double> margin)
    {
        var ranked = values.Where(double.IsFinite).OrderByDescending(margin).ToList();
        return ranked.Count >= K ? ranked[K - 1] : double.NaN;
    }

    protected override string Text => N is { } n ? $"at-least {K} of {n}" : $"at-least {K}";

    static string Ordinal(int k) => k switch { 1 => "1st", 2 => "2nd", 3 => "3rd", _ => $"{k}th" };

    [GeneratedRegex(@"^(?<k>\S+)(?:\s+of\s+(?<n>\S+))?$")]
    private static partial Regex Form();
}
