using System.Runtime.InteropServices;
using Repro.Core.Spec;
using Repro.Core.Spec.Yaml;
using Repro.Tests.Support;

namespace Repro.Tests.Spec.Yaml;

/// <summary>
/// Hostile or mistaken input to the spec reader (found by the mutation campaign): each is one positioned error,
/// exit 2, at once; before, deep nesting overflowed the stack (exit 134) and a FIFO hung.
/// </summary>
public class ReaderBoundsTests
{
    static readonly string Deep = new('[', 30_000);

    static SpecError ReadError(string yaml)
    {
        var e = Assert.Throws<SpecException>(() => YamlReader.Read(yaml, "test.yaml"));
        return Assert.Single(e.Errors);
    }

    [Theory]
    [InlineData("a: {0}{1}", 1, 4 + YamlLimits.MaxDepth - 1)]           // flow sequences: the root map is level 1
    [InlineData("a:\n  {2}0", 2, 3 + 2 * (YamlLimits.MaxDepth - 1))]    // block sequences, `- - - 0`
    public void Nesting_deeper_than_the_bound_is_refused_where_it_crosses_it(string template, int line, int column)
    {
        string yaml = string.Format(template, Deep, new string(']', Deep.Length), string.Concat(Enumerable.Repeat("- ", 30_000)));
        var error = ReadError(yaml);
        Assert.Equal(new Mark("test.yaml", line, column), error.Where);
        Assert.Contains($"nests deeper than {YamlLimits.MaxDepth} levels", error.Problem);
    }

    [Fact]
    public void Nesting_up_to_the_bound_is_read()
    {
        int levels = YamlLimits.MaxDepth - 1; // below the root mapping
        var node = YamlReader.Read($"a: {new string('[', levels)}{new string(']', levels)}", "test.yaml");
        Assert.IsType<MapNode>(node);
    }

    [Fact]
    public async Task Deep_nesting_in_a_spec_file_exits_2_with_one_line()
    {
        using var folder = new TempDir();
        string file = folder.File("deep.yaml", "name: deep\nseeds: " + Deep + new string(']', Deep.Length) + "\n");
        var outcome = await ReproCli.Run("validate", file);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"{file}:2:{8 + YamlLimits.MaxDepth - 1}: the spec nests deeper than {YamlLimits.MaxDepth} levels here; " +
                     "a spec needs a few levels of mappings and lists: check the brackets and the indentation", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public async Task Deep_nesting_in_an_override_points_into_the_override()
    {
        var outcome = await ReproCli.Run("validate", Repo.Path("specs", "min-norm-regression.yaml"), "--set", "seeds=" + Deep + new string(']', Deep.Length));
        Assert.Equal(2, outcome.ExitCode);
        string line = Assert.Single(outcome.ErrorLines);
        // "--set seeds=" is 12 columns; seeds sits at level 2, so the 64th bracket is the first too deep.
        Assert.Matches($@"^--set seeds=\[+…:1:{12 + YamlLimits.MaxDepth}: the spec nests deeper than {YamlLimits.MaxDepth} levels here; ", line);
        Assert.True(line.Length < 300, "a long override is cut short where its errors name it");
    }

    [Fact]
    public async Task An_override_path_nested_too_deep_is_refused_before_it_is_built()
    {
        var outcome = await ReproCli.Run("validate", Repo.Path("specs", "min-norm-regression.yaml"), "--set", "data" + string.Concat(Enumerable.Repeat(".a", 30_000)) + "=1");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"nests deeper than {YamlLimits.MaxDepth} levels", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public async Task An_override_longer_than_the_bound_is_refused_at_the_character_that_crosses_it()
    {
        var outcome = await ReproCli.Run("validate", Repo.Path("specs", "min-norm-regression.yaml"), "--set", "title=" + new string('a', YamlLimits.MaxOverrideChars));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Matches($@"^--set title=a+…:1:{6 + YamlLimits.MaxOverrideChars + 1}: override is longer than 64 KiB \({YamlLimits.MaxOverrideChars + 6} characters\); ",
            Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public async Task A_spec_file_larger_than_the_bound_is_refused_where_the_bound_falls()
    {
        using var folder = new TempDir();
        // Lines of 16 KiB after a 10-byte first line: the bound falls 16374 bytes into line 65.
        string line = "#" + new string('x', (16 << 10) - 2) + "\n";
        string file = folder.File("big.yaml", "name: big\n" + string.Concat(Enumerable.Repeat(line, 70)));
        var outcome = await ReproCli.Run("validate", file);
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith($"{file}:65:{(16 << 10) - 10 + 1}: the spec file is larger than 1 MiB, the most a spec may hold; ", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public async Task A_folder_is_not_read_as_a_spec()
    {
        var outcome = await ReproCli.Run("validate", Repo.Path("specs"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"{Repo.Path("specs")}:1:1: the spec path is a folder, not a spec file; name one .yaml spec in it (only verify and watch take a folder)",
            Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public async Task A_device_is_refused_before_it_is_read()
    {
        var outcome = await ReproCli.Run("validate", "/dev/zero").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("/dev/zero:1:1: the spec path is a character device, not a regular file; pass the path of a .yaml spec file", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public async Task A_fifo_is_refused_without_waiting_for_a_writer()
    {
        using var folder = new TempDir();
        string fifo = Path.Combine(folder.Path, "spec.yaml");
        Assert.Equal(0, MakeFifo(fifo, 0b110_000_000));
        var outcome = await ReproCli.Run("validate", fifo).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"{fifo}:1:1: the spec path is a FIFO (named pipe), not a regular file; pass the path of a .yaml spec file", Assert.Single(outcome.ErrorLines));
    }

    [DllImport("libc", EntryPoint = "mkfifo")]
    static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    [Theory]
    [InlineData("lr: !!str 5", "!!str")]
    [InlineData("model: !python/object:os.system { kind: linear }", "!python/object:os.system")]
    [InlineData("seeds: !custom [0]", "!custom")]
    [InlineData("name: ! x", "!")]
    [InlineData("name: !<tag:example.com,2000:x> x", "!<tag:example.com,2000:x>")]
    public void A_yaml_tag_is_refused_with_its_position(string yaml, string tag)
    {
        var error = ReadError(yaml);
        Assert.Equal(new Mark("test.yaml", 1, yaml.IndexOf('!') + 1), error.Where);
        Assert.Equal($"YAML tag `{tag}` is not part of the spec language", error.Problem);
        Assert.StartsWith($"remove `{tag}`", error.Fix);
    }

    [Fact]
    public void An_anchor_is_refused_so_that_no_alias_can_expand()
    {
        var error = ReadError("seeds: &s [0, 1]\nsweep: { seeds: *s }\n");
        Assert.Equal(new Mark("test.yaml", 1, 8), error.Where);
        Assert.Equal("YAML anchor `&s` is not part of the spec language", error.Problem);
    }

    [Fact]
    public void An_alias_is_refused_with_its_position()
    {
        var error = ReadError("name: x\nseeds: *s\n");
        Assert.Equal(new Mark("test.yaml", 2, 8), error.Where);
        Assert.Equal("YAML alias `*s` is not part of the spec language", error.Problem);
    }

    [Fact]
    public void A_billion_laughs_is_one_error_at_its_first_anchor()
    {
        var bomb = new List<string> { "name: x", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (int i = 1; i <= 9; i++) bomb.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]");
        var error = ReadError(string.Join("\n", bomb));
        Assert.Equal(new Mark("test.yaml", 2, 5), error.Where);
    }

    [Fact]
    public void A_control_character_is_refused_where_it_stands()
    {
        var error = ReadError("name: x\ntitle: a\u0007b\n");
        Assert.Equal(new Mark("test.yaml", 2, 9), error.Where);
        Assert.Equal("the character U+0007 is not allowed in YAML", error.Problem);
    }

    [Fact]
    public void A_tab_in_the_indentation_is_pointed_at()
    {
        var error = ReadError("name: x\nsweep:\n\toptimizer.lr:\n    - 0.1\n");
        Assert.Equal(new Mark("test.yaml", 3, 1), error.Where);
        Assert.Contains("indent with spaces", error.Fix);
    }

    // Duplicates are found through a set, not by pairwise comparison: 10^5 keys are 10^10 comparisons pairwise,
    // which this test would show as minutes (speed itself is for tools/bench, not for an assertion here).
    [Fact]
    public void A_duplicate_among_100000_keys_is_found_at_its_line()
    {
        string yaml = string.Join("\n", Enumerable.Range(0, 100_000).Select(i => $"k{i}: {i}")) + "\nk7: again\n";
        var error = ReadError(yaml);
        Assert.Equal("duplicate key 'k7'", error.Problem);
        Assert.Equal(new Mark("test.yaml", 100_001, 1), error.Where);
    }

    [Fact]
    public async Task An_override_with_a_line_break_is_echoed_on_one_line()
    {
        var outcome = await ReproCli.Run("validate", Repo.Path("specs", "min-norm-regression.yaml"), "--set", "optimizer.lr=0.1\nx: 1");
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith(@"--set optimizer.lr=0.1\nx: 1:2:2: YAML syntax error: ", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public void An_error_that_echoes_a_line_break_renders_as_one_line()
    {
        var error = new SpecError(new Mark("--set name=a\nb", 1, 12), "name 'a\nb\r' is not safe\u2028", "use\ta-z");
        Assert.Equal(@"--set name=a\nb:1:12: name 'a\nb\r' is not safe\u2028; use\ta-z", error.ToString());
    }
}
