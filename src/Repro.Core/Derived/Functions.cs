namespace Repro.Core.Derived;

/// <summary>
/// A function an expression may call: its name, how many arguments it takes (<see cref="MaxArgs"/> null: any
/// number from <see cref="MinArgs"/>), what it means, and how it computes. IEEE semantics throughout: a NaN
/// argument gives NaN, and so does a value outside the domain (log of a negative number).
/// </summary>
public sealed record Function(string Name, string Syntax, int MinArgs, int? MaxArgs, string Doc, Func<double[], double> Apply)
{
    public bool Takes(int count) => count >= MinArgs && (MaxArgs is not { } max || count <= max);

    /// <summary>"1 argument", "2 arguments", "2 or more arguments".</summary>
    public string Arity => MaxArgs == MinArgs
        ? $"{MinArgs} argument{(MinArgs == 1 ? "" : "s")}"
        : $"{MinArgs} or more arguments";
}

/// <summary>Every function of the expression language, one line each, in the order the README lists them.</summary>
public static class Functions
{
    public static readonly IReadOnlyList<Function> All =
    [
        new("log", "log(x)", 1, 1, "natural logarithm (−∞ at 0, NaN below)", a => Math.Log(a[0])),
        new("exp", "exp(x)", 1, 1, "eˣ", a => Math.Exp(a[0])),
        new("sqrt", "sqrt(x)", 1, 1, "square root, correctly rounded (NaN below 0)", a => Math.Sqrt(a[0])),
        new("abs", "abs(x)", 1, 1, "absolute value", a => Math.Abs(a[0])),
        new("pow", "pow(x, y)", 2, 2, "xʸ, the same as `x ^ y`", a => Math.Pow(a[0], a[1])),
        new("min", "min(a, b, …)", 2, null, "the smallest argument (NaN if any is NaN)", a => a.Aggregate(Math.Min)),
        new("max", "max(a, b, …)", 2, null, "the largest argument (NaN if any is NaN)", a => a.Aggregate(Math.Max)),
    ];

    public static Function? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    public static IReadOnlyList<string> Names => [.. All.Select(f => f.Name)];

    /// <summary>README's table of the functions; the documentation test checks the README holds exactly this.</summary>
    public static string Table() =>
        "| function | meaning |\n|---|---|\n" + string.Concat(All.Select(f => $"| `{f.Syntax}` | {f.Doc} |\n"));
}
