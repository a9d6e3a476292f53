using System.Globalization;
using Repro.Core.Spec;
using Repro.Core.Spec.Binding;

namespace Repro.Core.Claims;

/// <summary>
/// What a claim form's parser sees: the text after the form's name, what the spec records, and where to report a
/// problem (at the YAML node the text came from, with the fix). Made by the claim binder.
/// </summary>
public sealed class FormInput
{
    /// <summary>How a metric is named inside a form's text (`first METRIC ...`, `&lt; 0.5 * METRIC`).</summary>
    public const string MetricPattern = "[a-z_][a-z0-9_]*";

    readonly Action<string, string> error;
    readonly Func<long, string?> notRecorded;

    internal FormInput(string key, string name, string argument, IReadOnlyList<string> metrics, Action<string, string> error, Func<long, string?> notRecorded)
    {
        (Key, Name, Argument, Metrics) = (key, name, argument, metrics);
        (this.error, this.notRecorded) = (error, notRecorded);
    }

    /// <summary>The spec key (`reduce`, `at`).</summary>
    public string Key { get; }

    /// <summary>The form's name as written (its first word).</summary>
    public string Name { get; }

    /// <summary>The text after the name, trimmed; empty when there is none.</summary>
    public string Argument { get; }

    /// <summary>The metrics the spec records.</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>The whole text, as an error quotes it.</summary>
    public string Text => Argument.Length == 0 ? Name : $"{Name} {Argument}";

    /// <summary>Reports a problem at the node the text came from; the parser then returns null.</summary>
    public void Error(string problem, string fix) => error(problem, fix);

    /// <summary>Why some trial does not record <paramref name="step"/> (its train.steps and log_every), or null when all do.</summary>
    public string? NotRecorded(long step) => notRecorded(step);

    /// <summary>Text as an error echoes it: control characters escaped, long text cut.</summary>
    public static string Echo(string text) => Nodes.Describe(text);

    /// <summary>Text as an error echoes it, in quotes.</summary>
    public static string Quote(string text) => $"'{Echo(text)}'";

    /// <summary>A number as the spec language reads one: invariant culture, finite.</summary>
    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>A form written as its name alone: the form itself, or an error when text follows the name.</summary>
    public T? Bare<T>(T form) where T : class
    {
        if (Argument.Length == 0) return form;
        Error($"{Key} {Name} takes nothing after its name, got {Quote(Text)}", $"write `{Key}: {Name}`");
        return null;
    }
}
