using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Repro.Core;
using Repro.Core.Spec;

namespace Repro.Cli.CommandLine;

/// <summary>
/// Words on a command line that name nothing: an option the command lacks, or a command that does not exist,
/// each with a did-you-mean. System.CommandLine classifies a word it does not know as an argument, so an
/// argument that takes any number of values (verify's specs) would swallow `--retrian` as a spec path, and
/// elsewhere it is rejected without a suggestion. Words after `--` are arguments, whatever they look like.
/// </summary>
public static partial class UnknownNames
{
    [GeneratedRegex("^--?[A-Za-z]")]
    private static partial Regex OptionLike();

    public static IReadOnlyList<UsageException> Find(ParseResult parsed)
    {
        var command = parsed.CommandResult;
        var words = parsed.Tokens.TakeWhile(t => t.Type != TokenType.DoubleDash).Where(t => t.Type == TokenType.Argument).Select(t => t.Value);
        var unknown = words.Where(w => OptionLike().IsMatch(w)).Distinct(StringComparer.Ordinal).Select(w => UnknownOption(w, command)).ToList();
        if (unknown.Count == 0 && command.Command is RootCommand root && parsed.UnmatchedTokens.FirstOrDefault() is { } word)
            unknown.Add(UnknownCommand(word, root));
        return unknown;
    }

    /// <summary>"repro verify": how the help names the command (the root's own name is the executable's).</summary>
    public static string PathOf(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? at = command; at is CommandResult { Command: not RootCommand } c; at = c.Parent) names.Insert(0, c.Command.Name);
        return string.Join(" ", names.Prepend("repro"));
    }

    static UsageException UnknownOption(string word, CommandResult command)
    {
        string name = word.Split('=', 2)[0];
        var known = KnownOptions(command).Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct().ToList();
        string fix = DidYouMean.Nearest(name, known) is { } near
            ? $"did you mean {near}?"
            : $"the options of `{PathOf(command)}` are {string.Join(", ", known)}";
        return Fail.Usage($"unknown option '{name}' for `{PathOf(command)}`", fix);
    }

    static UsageException UnknownCommand(string word, RootCommand root)
    {
        var commands = root.Subcommands.Select(c => c.Name).ToList();
        string fix = DidYouMean.Nearest(word, commands) is { } near ? $"did you mean {near}?" : $"the commands are {string.Join(", ", commands)}";
        return Fail.Usage($"unknown command '{word}'", fix);
    }

    // The command's own options, and those of its parents that apply to their subcommands too (--help).
    static IEnumerable<Option> KnownOptions(CommandResult command)
    {
        foreach (var option in command.Command.Options) yield return option;
        for (var parent = command.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
            foreach (var option in parent.Command.Options.Where(o => o.Recursive)) yield return option;
    }
}
