using System.Collections;

namespace Repro.Core.Spec.Forms;

/// <summary>
/// The forms one spec key accepts (`reduce:`, `at:`, `kind:` of a figure ...), in the order the README lists them.
/// Filled once by a collection initializer, one line per form, and read-only after; everything that names the
/// forms (the loader's lookups and did-you-mean, the schema's pattern, the README table) reads it from here.
/// </summary>
public sealed class FormRegistry<T>(string key, string? defaultName = null) : IEnumerable<T> where T : ISpecForm
{
    readonly List<T> forms = [];

    /// <summary>The spec key the forms are the values of.</summary>
    public string Key => key;

    public void Add(T form)
    {
        if (forms.Any(f => f.Name == form.Name))
            throw new InvalidOperationException($"{key} form '{form.Name}' is registered twice");
        forms.Add(form);
    }

    /// <summary>The form a spec gets when it leaves the key out.</summary>
    public T Default => Find(defaultName ?? throw new InvalidOperationException($"{key} has no default form"))
        ?? throw new InvalidOperationException($"{key}'s default form '{defaultName}' is not registered");

    public T? Find(string name) => forms.FirstOrDefault(f => f.Name == name);

    public IReadOnlyList<string> Names => [.. forms.Select(f => f.Name)];

    /// <summary>"max, min, quantile Q": how each form is written.</summary>
    public string Syntaxes(Func<T, bool>? which = null) => string.Join(", ", forms.Where(which ?? (_ => true)).Select(f => f.Syntax));

    /// <summary>
    /// The fix of an unknown form: "allowed: max, min, quantile Q (did you mean 'quantile 0.9'?)", the nearest name
    /// in place of the misspelled word and the rest of the text kept.
    /// </summary>
    public string Allowed(string word, string rest = "")
    {
        string text = $"allowed: {Syntaxes()}";
        if (DidYouMean.Nearest(word, Names) is not { } near) return text;
        string suggestion = rest.Length == 0 ? near : $"{near} {rest}";
        return $"{text} (did you mean '{suggestion}'?)";
    }

    /// <summary>
    /// One regular expression group matching any form (optionally only some), longest pattern first so that a form
    /// that is a prefix of another (`&lt;` of `&lt;=`) never wins a match the other should.
    /// </summary>
    public string Alternation(Func<T, bool>? which = null) =>
        "(" + string.Join("|", forms.Where(which ?? (_ => true)).Select(f => f.Pattern).OrderByDescending(p => p.Length)) + ")";

    /// <summary>For a schema's description: "max: the largest value; min: ...".</summary>
    public string Descriptions() => string.Join("; ", forms.Select(f => $"{f.Syntax}: {f.Doc}"));

    /// <summary>
    /// The README's reference table: one row per form, its syntax first (marked when it is the default), then the
    /// columns given (by default the form's doc). The documentation test checks the README holds exactly this.
    /// </summary>
    public string Table(params (string Header, Func<T, string> Cell)[] columns)
    {
        if (columns.Length == 0) columns = [("meaning", f => f.Doc)];
        var lines = new List<string>
        {
            $"| `{key}:` | {string.Join(" | ", columns.Select(c => c.Header))} |",
            $"|---|{string.Concat(columns.Select(_ => "---|"))}",
        };
        foreach (var form in forms)
        {
            string first = $"`{form.Syntax}`{(form.Name == defaultName ? " (default)" : "")}";
            lines.Add($"| {first} | {string.Join(" | ", columns.Select(c => Cell(c.Cell(form))))} |");
        }
        return string.Join("\n", lines) + "\n";
    }

    // A `|` inside a cell would end it.
    static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    public IEnumerator<T> GetEnumerator() => forms.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
