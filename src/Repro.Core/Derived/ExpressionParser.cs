using System.Globalization;
using Repro.Core.Spec;

namespace Repro.Core.Derived;

/// <summary>A problem in an expression's text, at a 0-based character <see cref="At"/>, with how to fix it.</summary>
public sealed record ExpressionError(int At, string Problem, string Fix);

/// <summary>
/// Reads the `derived:` expression language by recursive descent, one method per rule:
/// <code>
/// sum     = product (("+" | "-") product)*
/// product = unary (("*" | "/") unary)*
/// unary   = "-" unary | power
/// power   = primary ("^" unary)?          right-associative: 2^3^2 = 2^9, -2^2 = -(2^2), 2^-1 = 0.5
/// primary = NUMBER | NAME | FUNCTION "(" sum ("," sum)* ")" | "(" sum ")"
/// NAME    = WORD ("." WORD)*,  WORD = [A-Za-z_][A-Za-z0-9_]*
/// </code>
/// Which names exist is the binder's business; functions and their arities are the language's, checked here.
/// A syntax error ends the parse; an unknown function or a wrong number of arguments is reported and the parse goes on.
/// </summary>
public sealed class ExpressionParser
{
    /// <summary>The longest expression accepted: it bounds the recursion of every pass over the tree.</summary>
    public const int MaxLength = 1000;

    const string Operand = "a number, a name, a function call or '('";
    static string Grammar => $"expressions use numbers, names, + - * / ^, parentheses and the functions {string.Join(", ", Functions.Names)}";

    readonly string text;
    readonly List<ExpressionError> errors = [];
    int position;

    ExpressionParser(string text) => this.text = text;

    /// <summary>The tree, or null with every error found (a syntax error is the last one: it stops the parse).</summary>
    public static (Expression? Expression, IReadOnlyList<ExpressionError> Errors) Parse(string text)
    {
        if (text.Length > MaxLength)
            return (null, [new(0, $"the expression holds {text.Length} characters, more than {MaxLength}", "split it into several derived metrics that use each other")]);
        var parser = new ExpressionParser(text);
        try
        {
            parser.SkipSpace();
            if (parser.AtEnd)
                throw new Stop(new(0, "the expression is empty", "write e.g. \"train_loss - test_loss\""));
            var expression = parser.ParseSum();
            if (!parser.AtEnd)
            {
                if (parser.Peek() is '<' or '>' or '=' or '!') throw new Stop(parser.Comparison());
                string problem = parser.Peek() == ')'
                    ? "')' closes nothing"
                    : $"expected an operator (+ - * / ^) or the end, got {parser.Describe()}";
                throw new Stop(new(parser.position, problem, parser.Peek() == ')' ? "remove it, or add the '(' it closes" : "join the two parts with an operator, e.g. `2 * x` rather than `2x`"));
            }
            return (parser.errors.Count == 0 ? expression : null, parser.errors);
        }
        catch (Stop stop)
        {
            parser.errors.Add(stop.Error);
            return (null, parser.errors);
        }
    }

    // A syntax error: nothing after it can be read reliably.
    sealed class Stop(ExpressionError error) : Exception(error.Problem)
    {
        public ExpressionError Error { get; } = error;
    }

    bool AtEnd => position >= text.Length;

    char Peek() => AtEnd ? '\0' : text[position];

    void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(text[position])) position++;
    }

    bool Accept(char c)
    {
        if (Peek() != c) return false;
        position++;
        SkipSpace();
        return true;
    }

    Expression ParseSum()
    {
        var left = ParseProduct();
        while (Peek() is '+' or '-')
        {
            char op = text[position];
            Accept(op);
            left = new Binary(left.At, op, left, ParseProduct());
        }
        return left;
    }

    Expression ParseProduct()
    {
        var left = ParseUnary();
        while (Peek() is '*' or '/')
        {
            char op = text[position];
            Accept(op);
            left = new Binary(left.At, op, left, ParseUnary());
        }
        return left;
    }

    Expression ParseUnary()
    {
        int at = position;
        return Accept('-') ? new Negate(at, ParseUnary()) : ParsePower();
    }

    Expression ParsePower()
    {
        var basis = ParsePrimary();
        return Accept('^') ? new Binary(basis.At, '^', basis, ParseUnary()) : basis;
    }

    Expression ParsePrimary()
    {
        int at = position;
        char c = Peek();
        if (c == '(')
        {
            Accept('(');
            var inner = ParseSum();
            if (!Accept(')')) throw new Stop(Unclosed(at));
            return inner;
        }
        if (char.IsAsciiDigit(c) || c == '.') return ParseNumber();
        if (char.IsAsciiLetter(c) || c == '_') return ParseName();
        if (AtEnd) throw new Stop(new(at, $"the expression ends where {Operand} should follow", "complete it, e.g. `train_loss - test_loss`"));
        if (c is '<' or '>' or '=' or '!') throw new Stop(Comparison());
        throw new Stop(new(at, $"expected {Operand}, got {Describe()}", Grammar));
    }

    Expression ParseNumber()
    {
        int at = position;
        while (char.IsAsciiDigit(Peek())) position++;
        if (Peek() == '.')
        {
            position++;
            while (char.IsAsciiDigit(Peek())) position++;
        }
        // An exponent only when digits follow: `2e` is the number 2 and then a name, which the caller refuses.
        if (Peek() is 'e' or 'E')
        {
            int mark = position++;
            if (Peek() is '+' or '-') position++;
            if (!char.IsAsciiDigit(Peek())) position = mark;
            while (char.IsAsciiDigit(Peek())) position++;
        }
        string written = text[at..position];
        SkipSpace();
        if (!double.TryParse(written, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new Stop(new(at, $"'{written}' is not a number", "write numbers like 2, 0.5, .5 or 1e-6"));
        if (!double.IsFinite(value))
            throw new Stop(new(at, $"the number {written} is too large for a double", "write a number below 1.7e308"));
        return new Number(at, value);
    }

    Expression ParseName()
    {
        int at = position;
        ReadWord();
        while (Peek() == '.')
        {
            position++;
            if (!(char.IsAsciiLetter(Peek()) || Peek() == '_'))
                throw new Stop(new(position, $"expected a name after '.' in '{text[at..position]}', got {Describe()}", "write a dotted path like `optimizer.lr`"));
            ReadWord();
        }
        string name = text[at..position];
        SkipSpace();
        if (Peek() == '(') return ParseCall(at, name);
        if (Functions.Find(name) is { } function)
            errors.Add(new(at, $"'{name}' is a function, called without arguments", $"write `{function.Syntax}`"));
        return new Name(at, name);
    }

    void ReadWord()
    {
        while (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_') position++;
    }

    Expression ParseCall(int at, string name)
    {
        int open = position;
        Accept('(');
        var args = new List<Expression>();
        if (Peek() != ')')
        {
            do args.Add(ParseSum());
            while (Accept(','));
        }
        if (!Accept(')')) throw new Stop(Unclosed(open));

        var function = Functions.Find(name);
        if (function is null)
        {
            errors.Add(new(at, $"unknown function '{Shown(name)}'", DidYouMean.Allowed(name, Functions.Names, "functions")));
            return new Name(at, name);
        }
        if (!function.Takes(args.Count))
            errors.Add(new(at, $"{name} takes {function.Arity}, got {args.Count}", $"write `{function.Syntax}`"));
        return new Call(at, function, args);
    }

    ExpressionError Comparison() =>
        new(position, $"comparisons are not part of expressions, got {Describe()}", "a derived metric is a number: compare it in a claim's `expect:` or an `at: first` condition");

    ExpressionError Unclosed(int open) =>
        AtEnd ? new(open, "this '(' is not closed", "add the ')' that closes it")
        : Peek() is '<' or '>' or '=' or '!' ? Comparison()
        : new(position, $"expected ')' to close the '(' at character {open + 1}, got {Describe()}", "close the parenthesis, or separate arguments with ','");

    string Describe() => AtEnd ? "the end" : $"'{Shown(text[position].ToString())}'";

    static string Shown(string s) => Spec.Binding.Nodes.Describe(s);
}
