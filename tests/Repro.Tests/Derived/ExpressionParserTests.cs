using Repro.Core.Derived;

namespace Repro.Tests.Derived;

/// <summary>
/// The expression language's grammar: precedence and associativity against the same arithmetic written in C#, the
/// canonical spelling, and every syntax error at its character.
/// </summary>
public class ExpressionParserTests
{
    // Values whose rounding makes every regrouping visible.
    const double A = 0.1, B = 0.7, C = 3.3, D = 1.9;

    static double Evaluate(string text)
    {
        var (expression, errors) = ExpressionParser.Parse(text);
        Assert.True(expression is not null, $"{text}: {string.Join("; ", errors)}");
        return expression.Evaluate(name => name switch { "a" => A, "b" => B, "c" => C, "d" => D, _ => throw new KeyNotFoundException(name) });
    }

    public static IEnumerable<(string Text, double Expected)> Cases =>
    [
        ("a - b - c", A - B - C),
        ("a / b / c", A / B / C),
        ("a + b + c", A + B + C),
        ("a + (b + c)", A + (B + C)),
        ("a + b * c", A + B * C),
        ("a * b + c * d", A * B + C * D),
        ("a - b / c", A - B / C),
        ("(a - b) / c", (A - B) / C),
        ("a - b * c ^ d", A - B * Math.Pow(C, D)),
        ("a ^ b ^ c", Math.Pow(A, Math.Pow(B, C))),
        ("(a ^ b) ^ c", Math.Pow(Math.Pow(A, B), C)),
        ("2 ^ 3 ^ 2", Math.Pow(2, Math.Pow(3, 2))),
        ("-a ^ b", -Math.Pow(A, B)),
        ("(-a) ^ b", Math.Pow(-A, B)),
        ("a ^ -b", Math.Pow(A, -B)),
        ("-a * b", -A * B),
        ("a * -b", A * -B),
        ("a - -b", A - -B),
        ("--a", A),
        ("-(a + b) * c", -(A + B) * C),
        ("c / -d ^ a", C / -Math.Pow(D, A)),
        ("max(a, b, c) - min(d, a)", Math.Max(Math.Max(A, B), C) - Math.Min(D, A)),
        ("sqrt(abs(a - b)) + log(c) * exp(d)", Math.Sqrt(Math.Abs(A - B)) + Math.Log(C) * Math.Exp(D)),
        ("pow(c, d) / c ^ d", Math.Pow(C, D) / Math.Pow(C, D)),
        ("1e-3 * a + .5 - 2.5E+1", 1e-3 * A + .5 - 2.5E+1),
        ("  a*b-c  ", A * B - C),
    ];

    [Fact]
    public void Operators_bind_and_associate_as_in_arithmetic()
    {
        foreach (var (text, expected) in Cases)
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(Evaluate(text)), $"{text}: expected {expected}, got {Evaluate(text)}");
    }

    [Fact]
    public void The_canonical_spelling_parses_back_to_the_same_tree()
    {
        foreach (var (text, _) in Cases)
        {
            string canonical = ExpressionParser.Parse(text).Expression!.ToString();
            Assert.Equal(canonical, ExpressionParser.Parse(canonical).Expression!.ToString());
            Assert.Equal(BitConverter.DoubleToInt64Bits(Evaluate(text)), BitConverter.DoubleToInt64Bits(Evaluate(canonical)));
        }
    }

    [Theory]
    [InlineData("a+b*c", "a + b * c")]
    [InlineData("((a + b)) + c", "a + b + c")]
    [InlineData("a + (b + c)", "a + (b + c)")]
    [InlineData("a - (b - c)", "a - (b - c)")]
    [InlineData("(a * b) / (c * d)", "a * b / (c * d)")]
    [InlineData("(a ^ b) ^ c", "(a^b)^c")]
    [InlineData("a ^ (b ^ c)", "a^b^c")]
    [InlineData("(-a) ^ 2", "(-a)^2")]
    [InlineData("-(a ^ 2)", "-a^2")]
    [InlineData("-(a + b)", "-(a + b)")]
    [InlineData("max( a,b ,c )", "max(a, b, c)")]
    [InlineData("1.50e+1 * optimizer.lr", "15 * optimizer.lr")]
    [InlineData("0.000001", "1e-06")]
    public void Spellings_of_one_expression_have_one_canonical_text(string text, string canonical) =>
        Assert.Equal(canonical, ExpressionParser.Parse(text).Expression!.ToString());

    [Fact]
    public void Names_are_listed_with_where_they_are_written()
    {
        var names = ExpressionParser.Parse("log(train_loss) - optimizer.lr * ref.svm.margin").Expression!.Names().ToList();
        Assert.Equal(["train_loss", "optimizer.lr", "ref.svm.margin"], names.Select(n => n.Text));
        Assert.Equal([4, 18, 33], names.Select(n => n.At));
    }

    [Theory]
    [InlineData("", 0, "the expression is empty")]
    [InlineData("   ", 0, "the expression is empty")]
    [InlineData("a +", 3, "the expression ends where a number, a name, a function call or '(' should follow")]
    [InlineData("2 * (3 + 4", 4, "this '(' is not closed")]
    [InlineData("max(a b)", 6, "expected ')' to close the '(' at character 4, got 'b'")]
    [InlineData("a b", 2, "expected an operator (+ - * / ^) or the end, got 'b'")]
    [InlineData("2x", 1, "expected an operator (+ - * / ^) or the end, got 'x'")]
    [InlineData("a)", 1, "')' closes nothing")]
    [InlineData("a * * b", 4, "expected a number, a name, a function call or '(', got '*'")]
    [InlineData("max(a,)", 6, "expected a number, a name, a function call or '(', got ')'")]
    [InlineData("a < b", 2, "comparisons are not part of expressions, got '<'")]
    [InlineData("max(a >= b, c)", 6, "comparisons are not part of expressions, got '>'")]
    [InlineData("a + 'b'", 4, "expected a number, a name, a function call or '(', got '''")]
    [InlineData("optimizer. lr", 10, "expected a name after '.' in 'optimizer.', got ' '")]
    [InlineData("1 + 1e999", 4, "the number 1e999 is too large for a double")]
    [InlineData("a + .", 4, "'.' is not a number")]
    [InlineData("lg(a)", 0, "unknown function 'lg'")]
    [InlineData("1 + log(a, b)", 4, "log takes 1 argument, got 2")]
    [InlineData("pow(a)", 0, "pow takes 2 arguments, got 1")]
    [InlineData("a - min(b)", 4, "min takes 2 or more arguments, got 1")]
    [InlineData("exp()", 0, "exp takes 1 argument, got 0")]
    [InlineData("2 * sqrt", 4, "'sqrt' is a function, called without arguments")]
    public void Each_error_is_at_its_character(string text, int at, string problem)
    {
        var (expression, errors) = ExpressionParser.Parse(text);
        Assert.Null(expression);
        var error = Assert.Single(errors);
        Assert.Equal((at, problem), (error.At, error.Problem));
        Assert.NotEmpty(error.Fix);
    }

    [Fact]
    public void An_unknown_function_suggests_the_nearest_and_errors_after_it_are_still_found()
    {
        var (_, errors) = ExpressionParser.Parse("lgo(a) + log(a, b)");
        Assert.Equal([0, 9], errors.Select(e => e.At));
        Assert.Contains("did you mean 'log'?", errors[0].Fix);
    }

    [Fact]
    public void An_expression_longer_than_the_limit_is_one_error_and_no_recursion()
    {
        string deep = new string('(', ExpressionParser.MaxLength) + "a" + new string(')', ExpressionParser.MaxLength);
        var error = Assert.Single(ExpressionParser.Parse(deep).Errors);
        Assert.Equal(0, error.At);
        Assert.Contains($"more than {ExpressionParser.MaxLength}", error.Problem);

        // At the limit, the deepest nesting it allows parses and prints.
        string limit = new string('(', 499) + "a" + new string(')', 499);
        Assert.Equal("a", ExpressionParser.Parse(limit).Expression!.ToString());
    }
}
