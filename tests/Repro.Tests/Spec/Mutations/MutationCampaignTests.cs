using System.Text.RegularExpressions;
using Repro.Tests.Support;

namespace Repro.Tests.Spec.Mutations;

/// <summary>
/// The mutation campaign: every bundled spec broken in <see cref="SpecMutator.PerSpec"/> seeded ways (typos, bad
/// numbers, unknown kinds, missing or scalar sections, syntax breaks, deep nesting, tags, aliases, line breaks
/// in values, hostile overrides), each run through `repro validate` in a folder of its own. Bad input must be
/// exit 2 with one positioned line per error and nothing written; a mutation that is still valid must plan too.
/// </summary>
[Trait("Category", "MutationCampaign")]
public partial class MutationCampaignTests
{
    [Fact]
    public void The_campaign_is_as_large_as_the_readme_says_and_its_names_are_unique()
    {
        int specs = Directory.GetFiles(Repo.Path("specs"), "*.yaml").Length;
        Assert.Equal(SpecMutator.PerSpec * specs, MutationCampaign.All.Count);
        Assert.Equal(MutationCampaign.Total, MutationCampaign.All.Count);
        Assert.Equal(MutationCampaign.All.Count, MutationCampaign.All.Select(m => m.Name).Distinct().Count());
        string readme = File.ReadAllText(Repo.Path("README.md"));
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{MutationCampaign.Total:N0} seeded mutations of the bundled specs ({SpecMutator.PerSpec} each"), readme.Replace("\n", " "));
    }

    [Fact]
    public void The_same_spec_always_gives_the_same_mutations()
    {
        string file = Repo.Path("specs", "grokking.yaml");
        var first = new SpecMutator("grokking", File.ReadAllText(file)).Mutations().ToList();
        var second = new SpecMutator("grokking", File.ReadAllText(file)).Mutations().ToList();
        Assert.Equal(first.Select(m => (m.Name, m.Yaml, string.Join("\n", m.Overrides))), second.Select(m => (m.Name, m.Yaml, string.Join("\n", m.Overrides))));
        Assert.All(first, m => Assert.True(m.Yaml != File.ReadAllText(file) || m.Overrides.Count > 0, m.Name));
    }

    public static TheoryData<string> Names() => new(MutationCampaign.All.Select(m => m.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_mutated_spec_is_valid_or_rejected_with_one_positioned_line_per_error(string name)
    {
        var mutation = MutationCampaign.Named(name);
        using var folder = new TempDir();
        string spec = Path.Combine(folder.Path, "specs", $"{mutation.Spec}.yaml");
        Directory.CreateDirectory(Path.Combine(folder.Path, "specs"));
        File.WriteAllText(spec, mutation.Yaml);
        string[] overrides = [.. mutation.Overrides.SelectMany(o => new[] { "--set", o })];

        var validate = await ReproCli.Run(["validate", spec, .. overrides]);

        Assert.Equal([$"specs/{mutation.Spec}.yaml"], Written(folder.Path));
        Assert.True(validate.ExitCode is 0 or 2, $"exit {validate.ExitCode}: {validate.Stderr}");
        if (mutation.Expected == Expected.Rejected)
            Assert.True(validate.ExitCode == 2, $"accepted, but this mutation is bad input: {validate.Stdout}");
        if (validate.ExitCode == 2)
        {
            Assert.Equal("", validate.Stdout);
            Assert.EndsWith("\n", validate.Stderr);
            Assert.DoesNotContain("\n\n", validate.Stderr);
            Assert.All(validate.ErrorLines, line => Assert.True(IsPositionedError(line, spec), $"not one positioned error: {line}"));
            return;
        }

        // Still a valid spec: planning it (which trains nothing) must work too, and write nothing either.
        var plan = await ReproCli.Run(["plan", spec, "--cache", Path.Combine(folder.Path, "cache"), .. overrides]);
        Assert.True(plan.ExitCode == 0, $"validate accepted it, plan exits {plan.ExitCode}: {plan.Stderr}");
        Assert.Equal([$"specs/{mutation.Spec}.yaml"], Written(folder.Path));
    }

    // `file:line:col: problem; fix`, where the file is the spec or the override (`--set PATH=VALUE`, which may hold ':').
    static bool IsPositionedError(string line, string spec) =>
        !StackFrame().IsMatch(line) && (line.StartsWith(spec + ":", StringComparison.Ordinal) ? SpecLine() : OverrideLine()).IsMatch(line);

    [GeneratedRegex(@"^[^:]+:\d+:\d+: .+; .+$")]
    private static partial Regex SpecLine();

    [GeneratedRegex(@"^--set .+:\d+:\d+: .+; .+$")]
    private static partial Regex OverrideLine();

    [GeneratedRegex(@"^\s+at |Exception\b")]
    private static partial Regex StackFrame();

    static string[] Written(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/')).Where(p => p != "specs").Order(StringComparer.Ordinal)];
}
