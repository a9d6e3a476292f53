using Repro.Core.Artifacts;
using Repro.Tests.Support;

namespace Repro.Tests.Snapshots;

/// <summary>
/// Regenerates every published spec under results/ and compares each file byte for byte with the
/// committed (verified) one. A difference writes NAME.received.EXT beside it; `make accept` takes it.
/// </summary>
public class PublishedResultsTests
{
    static IEnumerable<string> PublishedNames() => Support.Published.Names();

    /// <summary>Specs that take minutes: `make test` leaves their snapshots out, `make test-long` runs only them.</summary>
    static readonly HashSet<string> Long = new(StringComparer.Ordinal) { "grokking" };

    public static TheoryData<string> Published() => new(PublishedNames().Where(name => !Long.Contains(name)));

    public static TheoryData<string> PublishedLong() => new(PublishedNames().Where(Long.Contains));

    [Fact]
    public void Every_bundled_spec_has_published_results()
    {
        var published = PublishedNames().ToHashSet();
        foreach (var spec in Directory.GetFiles(Repo.Path("specs"), "*.yaml"))
            Assert.Contains(Path.GetFileNameWithoutExtension(spec), published);
    }

    [Theory]
    [MemberData(nameof(Published))]
    public Task Regenerating_published_results_gives_identical_bytes(string name) => Regenerate(name);

    [Theory]
    [Trait("Category", "long")]
    [MemberData(nameof(PublishedLong))]
    public Task Regenerating_long_published_results_gives_identical_bytes(string name) => Regenerate(name);

    static async Task Regenerate(string name)
    {
        using var temp = new TempDir();
        var outcome = await ReproCli.Run("run", Repo.Path("specs", name + ".yaml"), "--results", temp.Path);
        Assert.True(outcome.ExitCode is 0 or 1, outcome.Stderr);

        string verifiedDir = Repo.Path("results", name), receivedDir = Path.Combine(temp.Path, name);
        var verified = Files(verifiedDir);
        var received = Files(receivedDir);
        var problems = new List<string>();
        foreach (var path in verified.Union(received).Order(StringComparer.Ordinal))
        {
            string verifiedPath = Path.Combine(verifiedDir, path);
            string receivedCopy = Received.PathFor(verifiedPath);
            if (!received.Contains(path))
            {
                problems.Add($"{path}: published but no longer produced");
                continue;
            }
            byte[] now = File.ReadAllBytes(Path.Combine(receivedDir, path));
            if (verified.Contains(path) && now.AsSpan().SequenceEqual(File.ReadAllBytes(verifiedPath)))
            {
                File.Delete(receivedCopy);
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(receivedCopy)!);
            File.WriteAllBytes(receivedCopy, now);
            problems.Add(verified.Contains(path)
                ? $"{path}: {SnapshotDiff.Describe(path, File.ReadAllBytes(verifiedPath), now)}"
                : $"{path}: produced but not published");
        }
        Assert.True(problems.Count == 0,
            $"results/{name} differs from a fresh run (received files written beside the verified ones; `make accept` takes them):\n  "
            + string.Join("\n  ", problems));
    }

    /// <summary>Published files that must regenerate byte for byte: everything but provenance and received copies.</summary>
    static HashSet<string> Files(string root) => Directory.Exists(root)
        ? Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != ArtifactSet.ProvenanceFile && !f.Contains(".received.", StringComparison.Ordinal))
            .ToHashSet()
        : [];
}
