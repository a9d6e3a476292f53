using System.Text.Json.Nodes;
using Repro.Tests.Support;

namespace Repro.Tests.Doctor;

/// <summary>`repro doctor`: a numerics fingerprint per op family, and whether published results regenerate here.</summary>
public class DoctorCommandTests
{
    static readonly string[] FamilyNames =
        ["random-streams", "products-f64", "products-f32", "reductions", "elementwise", "vector-math", "libm", "portable-sqrt",
         "linear-algebra", "autograd", "training-f32", "reference-solvers"];

    static string Overall(string stdout) => stdout.Split('\n').Single(l => l.StartsWith("overall ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];

    [Fact]
    public async Task Prints_a_fingerprint_per_op_family_that_another_process_reproduces()
    {
        var first = await ReproCli.Run("doctor");
        Assert.Equal(0, first.ExitCode);
        foreach (var family in FamilyNames) Assert.Matches($@"(?m)^{family} +[0-9a-f]{{16}} ", first.Stdout);
        Assert.Contains("MKL_CBWR=COMPATIBLE", first.Stdout);

        using var temp = new TempDir();
        using var other = ReproProcess.Start(temp.Path, "doctor");
        Assert.Equal(0, other.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Equal(Overall(first.Stdout), Overall(other.Stdout));
    }

    [Fact]
    public async Task The_committed_results_were_computed_with_this_machines_numerics()
    {
        // The contract itself: where this fails, the snapshot tests fail too, and this names the op families.
        var outcome = await ReproCli.Run("doctor", "--results", Repo.Path("results"));
        Assert.True(outcome.ExitCode == 0, outcome.Stdout);
        Assert.Contains("this machine is expected to regenerate every one bit for bit", outcome.Stdout);
    }

    [Fact]
    public async Task A_folder_computed_with_other_numerics_names_the_families_that_differ_and_exits_1()
    {
        using var temp = new TempDir();
        string folder = Path.Combine(temp.Path, "x");
        Directory.CreateDirectory(folder);
        var manifest = JsonNode.Parse(File.ReadAllText(Repo.Path("results", "min-norm-regression", "manifest.json")))!.AsObject();
        var numerics = manifest["provenance"]!["numerics"]!.AsObject();
        numerics["families"]!["vector-math"] = "0000000000000000";
        numerics["fingerprint"] = "1111111111111111";
        manifest["provenance"]!["cpu"]!["model"] = "Some Other CPU";
        File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest.ToJsonString());

        var outcome = await ReproCli.Run("doctor", "--results", folder);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("computed on Some Other CPU (fingerprint 1111111111111111", outcome.Stdout);
        Assert.Contains("differs in vector-math: not expected to regenerate these bytes", outcome.Stdout);
    }

    [Theory]
    [InlineData("{\"provenance\": {\"cpu\": {\"model\": \"Old CPU\"}}}", "Old CPU, whose numerics fingerprint is not recorded")]
    [InlineData("{\"provenance\": {\"numerics\": {\"fingerprint\": 5, \"families\": []}}}", "whose numerics fingerprint is not recorded")]
    [InlineData("not json", "whose numerics fingerprint is not recorded")]
    public async Task A_folder_without_a_readable_fingerprint_cannot_be_vouched_for(string manifest, string expected)
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(Path.Combine(temp.Path, "old"));
        temp.File("old/manifest.json", manifest);
        var outcome = await ReproCli.Run("doctor", "--results", temp.Path);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(expected, outcome.Stdout);
    }

    [Fact]
    public async Task A_results_folder_with_nothing_published_is_bad_input()
    {
        using var temp = new TempDir();
        var outcome = await ReproCli.Run("doctor", "--results", Path.Combine(temp.Path, "nothing"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("no published results at", outcome.Stderr);
    }

    [Fact]
    public void The_fingerprints_committed_in_docs_include_the_one_the_published_results_record()
    {
        var known = JsonNode.Parse(File.ReadAllText(Repo.Path("docs", "numerics-fingerprints.json")))!["machines"]!.AsArray();
        var recorded = JsonNode.Parse(File.ReadAllText(Repo.Path("results", "min-norm-regression", "manifest.json")))!["provenance"]!["numerics"]!;
        var match = known.SingleOrDefault(m => m!["fingerprint"]!.GetValue<string>() == recorded["fingerprint"]!.GetValue<string>());
        Assert.NotNull(match);
        Assert.Equal(recorded["families"]!.ToJsonString(), match!["families"]!.ToJsonString());
    }
}
