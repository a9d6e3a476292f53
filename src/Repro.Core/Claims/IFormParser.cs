namespace Repro.Core.Claims;

/// <summary>A form written NAME [ARGUMENT] (`quantile 0.9`, `step 100`): its registered prototype parses the argument into the value a claim holds.</summary>
public interface IFormParser<out T>
{
    /// <summary>The value for the text after the name; null after reporting a problem through <paramref name="input"/>.</summary>
    T? Parse(FormInput input);
}
