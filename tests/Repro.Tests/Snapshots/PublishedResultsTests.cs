using Repro.Cli.Doctor;
using Repro.Core.Artifacts;
using Repro.Tests.Support;

namespace Repro.Tests.Snapshots;

/// <summary>
/// Regenerates every published spec under results/ and compares each file byte for byte with the
/// committed (verified) one; manifest.json without its provenance block, which describes the machine and
/// checkout and is checked for completeness instead. A difference writes NAME.received.EXT beside it;
/// `make accept` takes it.
/// </summary>
public class PublishedResultsTests
{
    static IEnumerable<string> PublishedNames() => Support.Published.Names();

    /// <summary>
    /// Specs that take minutes: `make test` leaves their snapshots out, `make test-long` runs only them. The paper
    /// reproductions (specs/papers/) are all long: each takes up to a few minutes.
    /// </summary>
    static readonly HashSet<string> Long = new(["grokking", .. Repo.Papers()], StringComparer.Ordinal);

    public static TheoryData<string> Published() => new(PublishedNames().Where(name => !Long.Contains(name)));

    public static TheoryData<string> PublishedLong() => new(PublishedNames().Where(Long.Contains));

    [Fact]
    public void Every_bundled_spec_has_published_results()
    {
        var published = PublishedNames().ToHashSet();
        foreach (var spec in Directory.GetFiles(Repo.Path("specs"), "*.yaml", SearchOption.AllDirectories))
            Assert.Contains(Path.GetFileNameWithoutExtension(spec), published);
    }

    [Theory]
    [MemberData(nameof(Published))]
    public Task Regenerating_published_results_gives_identical_bytes(string name) => Regenerate(name);

    public static TheoryData<string> All() => new(PublishedNames());

    [Theory]
    [MemberData(nameof(All))]
    public void Every_published_manifest_has_complete_provenance_and_its_content_hash(string name)
    {
        var problems = Manifests.Problems(Manifests.Read(Repo.Path("results", name, ArtifactSet.ManifestFile)));
        Assert.True(problems.Count == 0, $"results/{name}/manifest.json: " + string.Join("; ", problems));
    }

    [Theory]
    [Trait("Category", "long")]
    [MemberData(nameof(PublishedLong))]
    public Task Regenerating_long_published_results_gives_identical_bytes(string name) => Regenerate(name);

    static async Task Regenerate(string name)
    {
        using var temp = new TempDir();
        var outcome = await ReproCli.Run("run", Repo.Spec(name), "--results", temp.Path);
        Assert.True(outcome.ExitCode is 0 or 1, outcome.Stderr);

        string verifiedDir = Repo.Path("results", name), receivedDir = Path.Combine(temp.Path, name);
        var verified = Files(verifiedDir);
        var received = Files(receivedDir);
        var problems = new List<string>();
        double? ulps = null;
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
            // The manifest's provenance names this machine and checkout: its content must match, its provenance be complete.
            bool manifest = path == ArtifactSet.ManifestFile;
            if (manifest && Manifests.Problems(Manifests.Read(Path.Combine(receivedDir, path))) is { Count: > 0 } incomplete)
                problems.Add($"{path}: a fresh run wrote {string.Join("; ", incomplete)}");
            byte[] Compared(byte[] bytes) => manifest ? Manifests.Content(bytes) : bytes;
            if (verified.Contains(path) && Compared(now).AsSpan().SequenceEqual(Compared(File.ReadAllBytes(verifiedPath))))
            {
                File.Delete(receivedCopy);
                continue;
            }
            if (verified.Contains(path) && path.EndsWith(".parquet", StringComparison.Ordinal)
                && SnapshotDiff.MaxUlps(File.ReadAllBytes(verifiedPath), now) is { } fileUlps)
                ulps = Math.Max(ulps ?? 0, fileUlps);
            Directory.CreateDirectory(Path.GetDirectoryName(receivedCopy)!);
            File.WriteAllBytes(receivedCopy, now);
            problems.Add(verified.Contains(path)
                ? $"{path}: {SnapshotDiff.Describe(path, Compared(File.ReadAllBytes(verifiedPath)), Compared(now))}{(manifest ? " (provenance aside)" : "")}"
                : $"{path}: produced but not published");
        }
        Assert.True(problems.Count == 0,
            $"results/{name} differs from a fresh run (received files written beside the verified ones; `make accept` takes them):\n  "
            + Machines(verifiedDir, receivedDir, ulps) + "\n  " + string.Join("\n  ", problems) + "\n" + RunDiff(verifiedDir, receivedDir));
    }

    /// <summary>What `repro diff` says of the two folders: the same comparison code, trial by trial and metric by metric.</summary>
    static string RunDiff(string verifiedDir, string receivedDir)
    {
        try
        {
            using var history = new TempDir();
            var (a, b) = Repro.Cli.Diff.DiffOperands.Read(verifiedDir, receivedDir, new Repro.Core.History.Ledger(history.Path));
            var text = new StringWriter();
            Repro.Cli.Diff.DiffText.Write(text, Repro.Core.Diff.ResultDiff.Compare(a, b));
            return "repro diff of the verified and the regenerated folder:\n" + text;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"repro diff could not compare them: {e.Message}";
        }
    }

    /// <summary>
    /// Which CPUs published and regenerated the results and their numerics fingerprints (as `repro doctor` prints
    /// them), so that a failure caused by another machine reads as one at a glance.
    /// </summary>
    static string Machines(string verifiedDir, string receivedDir, double? ulps)
    {
        var (published, regenerated) = (RecordedNumerics.Read(verifiedDir), RecordedNumerics.Read(receivedDir));
        string differing = published.Known && regenerated.Known
            ? $"op families that differ: {(string.Join(", ", published.DifferingFamilies(regenerated.Families!)) is { Length: > 0 } d ? d + " (a machine with other numerics: see `repro doctor`)" : "none (the same numerics: a change in the code or the data, not the machine)")}"
            : "op families: not comparable (a fingerprint is missing)";
        string largest = ulps is null ? "" : $"; largest difference in a Parquet value: {(double.IsPositiveInfinity(ulps.Value) ? "NaN or a missing value against a number" : $"{ulps:R} ULP")}";
        return $"published on {published.Cpu ?? "an unrecorded CPU"} (numerics {published.Overall ?? "not recorded"}), regenerated on "
            + $"{regenerated.Cpu ?? "an unrecorded CPU"} (numerics {regenerated.Overall ?? "not recorded"}); {differing}{largest}";
    }

    /// <summary>Published files that must regenerate: everything but provenance.json and received copies.</summary>
    static HashSet<string> Files(string root) => Directory.Exists(root)
        ? Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != ArtifactSet.ProvenanceFile && !f.Contains(".received.", StringComparison.Ordinal))
            .ToHashSet()
        : [];
}
