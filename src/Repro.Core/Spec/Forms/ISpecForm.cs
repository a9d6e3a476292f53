namespace Repro.Core.Spec.Forms;

/// <summary>
/// What every form of the spec language's small grammars declares (a `reduce:` statistic, an `at:` position, an
/// `expect:` operator, a trend, a figure `kind:`), so that the loader, the JSON Schema, the README's reference
/// tables and the error messages are all read off one declaration.
/// </summary>
public interface ISpecForm
{
    /// <summary>The word that picks the form: `quantile`, `first`, `&lt;=`, `increasing`, `bar`.</summary>
    string Name { get; }

    /// <summary>How the form is written, as the README shows it: `quantile Q`, `first METRIC OP NUMBER`.</summary>
    string Syntax { get; }

    /// <summary>A regular expression for the form's whole text, in the dialect JSON Schema and .NET share.</summary>
    string Pattern { get; }

    /// <summary>What it means, in one line: the README row and the schema's description.</summary>
    string Doc { get; }
}
