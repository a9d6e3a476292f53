using Repro.Core.Spec;

namespace Repro.Core.Derived;

/// <summary>
/// A parsed expression of the `derived:` language. <see cref="At"/> is where the node starts in the text it was
/// parsed from (0-based), so that the binder can point at a name inside the YAML string. <see cref="ToString"/> is
/// the canonical text: one space around + − * /, none around ^, and only the parentheses the tree needs; it parses
/// back to the same tree, so two spellings of one expression hash the same.
/// </summary>
public abstract record Expression(int At)
{
    /// <summary>The value, reading every name through <paramref name="name"/>.</summary>
    public abstract double Evaluate(Func<string, double> name);

    /// <summary>Every name the expression reads, with where it is written, in reading order.</summary>
    public abstract IEnumerable<Name> Names();

    /// <summary>How tightly the node binds when printed: a child that binds less needs parentheses.</summary>
    internal abstract int Precedence { get; }

    internal const int Sum = 1, Product = 2, Unary = 3, Power = 4, Primary = 5;

    internal static string Wrapped(Expression e, int needed) => e.Precedence < needed ? $"({e})" : e.ToString();
}

public sealed record Number(int At, double Value) : Expression(At)
{
    public override double Evaluate(Func<string, double> name) => Value;

    public override IEnumerable<Name> Names() => [];

    internal override int Precedence => Primary;

    public override string ToString() => Canonical.Number(Value);
}

/// <summary>A metric, `step`, `seed`, a config path (`optimizer.lr`) or a reference scalar (`ref.svm.margin`).</summary>
public sealed record Name(int At, string Text) : Expression(At)
{
    public override double Evaluate(Func<string, double> name) => name(Text);

    public override IEnumerable<Name> Names() => [this];

    internal override int Precedence => Primary;

    public override string ToString() => Text;
}

public sealed record Negate(int At, Expression Operand) : Expression(At)
{
    public override double Evaluate(Func<string, double> name) => -Operand.Evaluate(name);

    public override IEnumerable<Name> Names() => Operand.Names();

    internal override int Precedence => Unary;

    public override string ToString() => "-" + Wrapped(Operand, Unary);
}

/// <summary>`a + b`, `a - b`, `a * b`, `a / b` (left-associative) and `a ^ b` (right-associative, above unary minus).</summary>
public sealed record Binary(int At, char Op, Expression Left, Expression Right) : Expression(At)
{
    public override double Evaluate(Func<string, double> name)
    {
        double a = Left.Evaluate(name), b = Right.Evaluate(name);
        return Op switch
        {
            '+' => a + b,
            '-' => a - b,
            '*' => a * b,
            '/' => a / b,
            '^' => Math.Pow(a, b),
            _ => throw new InvalidOperationException($"no operator '{Op}'"),
        };
    }

    public override IEnumerable<Name> Names() => Left.Names().Concat(Right.Names());

    internal override int Precedence => Op switch { '+' or '-' => Sum, '*' or '/' => Product, _ => Power };

    // The side that would regroup without parentheses keeps them: a - (b - c), (a ^ b) ^ c, and a + (b + c), whose
    // rounding differs from (a + b) + c.
    public override string ToString() => Op == '^'
        ? $"{Wrapped(Left, Primary)}^{Wrapped(Right, Unary)}"
        : $"{Wrapped(Left, Precedence)} {Op} {Wrapped(Right, Precedence + 1)}";
}

public sealed record Call(int At, Function Function, IReadOnlyList<Expression> Args) : Expression(At)
{
    public override double Evaluate(Func<string, double> name) => Function.Apply([.. Args.Select(a => a.Evaluate(name))]);

    public override IEnumerable<Name> Names() => Args.SelectMany(a => a.Names());

    internal override int Precedence => Primary;

    public override string ToString() => $"{Function.Name}({string.Join(", ", Args)})";
}
