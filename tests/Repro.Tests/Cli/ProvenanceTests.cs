using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Repro.Cli.Pipeline;
using Repro.Core.Artifacts;
using Repro.Tests.Support;

namespace Repro.Tests.Cli;

/// <summary>The manifest's provenance: the git state of the spec's checkout, the machine, libtorch's dispatch; outside content_sha256.</summary>
public class ProvenanceTests
{
    [Fact]
    public async Task A_run_from_a_clean_checkout_records_its_commit_and_not_dirty()
    {
        using var repo = GitRepo.WithTinySpec();
        using var results = new TempDir();

        var manifest = await RunAndRead(repo.Spec, results.Path);

        var git = Provenance(manifest)["git"]!;
        Assert.Equal(repo.Git("rev-parse", "HEAD").Trim(), git["commit"]!.GetValue<string>());
        Assert.False(git["dirty"]!.GetValue<bool>());
        Assert.Empty(Manifests.Problems(manifest));
    }

    [Fact]
    public async Task A_changed_file_marks_the_checkout_dirty_and_leaves_the_content_hash_as_it_was()
    {
        using var repo = GitRepo.WithTinySpec();
        using var results = new TempDir();
        var clean = await RunAndRead(repo.Spec, Path.Combine(results.Path, "clean"));

        File.AppendAllText(Path.Combine(repo.Path, "notes.txt"), "edited\n");
        // Another results folder: one that already holds these bytes is left as it is, provenance included.
        var dirty = await RunAndRead(repo.Spec, Path.Combine(results.Path, "dirty"));

        Assert.True(Provenance(dirty)["git"]!["dirty"]!.GetValue<bool>());
        Assert.Equal(Provenance(clean)["git"]!["commit"]!.GetValue<string>(), Provenance(dirty)["git"]!["commit"]!.GetValue<string>());
        Assert.NotEqual(Canonical(clean), Canonical(dirty));
        Assert.Equal(clean[ArtifactSet.ContentKey]!.GetValue<string>(), dirty[ArtifactSet.ContentKey]!.GetValue<string>());
        Assert.Empty(Manifests.Problems(dirty));
    }

    [Fact]
    public async Task Results_published_inside_the_checkout_do_not_make_it_dirty()
    {
        using var repo = GitRepo.WithTinySpec();
        string results = Path.Combine(repo.Path, "results");

        await RunAndRead(repo.Spec, results);
        // The first run's results are new files in the checkout now; other seeds make the second publish anew.
        var second = await RunAndRead(repo.Spec, results, "--set", "seeds=[3]");

        Assert.NotEmpty(repo.Git("status", "--porcelain"));
        Assert.False(Provenance(second)["git"]!["dirty"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Outside_a_git_checkout_git_is_null_and_the_run_still_publishes()
    {
        using var temp = new TempDir();
        Assert.False(HasGitAbove(temp.Path), $"precondition: {temp.Path} must not lie inside a git checkout");
        string spec = temp.File("spec.yaml", Specs.Tiny);

        var manifest = await RunAndRead(spec, Path.Combine(temp.Path, "results"));

        Assert.True(Provenance(manifest).ContainsKey("git"));
        Assert.Null(Provenance(manifest)["git"]);
        Assert.Empty(Manifests.Problems(manifest));
    }

    [Fact]
    public async Task The_same_spec_run_twice_has_the_same_content_hash()
    {
        using var temp = new TempDir();
        string spec = temp.File("spec.yaml", Specs.Tiny);
        var a = await RunAndRead(spec, Path.Combine(temp.Path, "a"));
        var b = await RunAndRead(spec, Path.Combine(temp.Path, "b"));

        Assert.Equal(a[ArtifactSet.ContentKey]!.GetValue<string>(), b[ArtifactSet.ContentKey]!.GetValue<string>());
        Assert.Equal(ArtifactSet.ContentSha256(a), a[ArtifactSet.ContentKey]!.GetValue<string>());
    }

    [Fact]
    public async Task Libtorch_dispatches_no_higher_than_the_pinned_AVX2()
    {
        using var temp = new TempDir();
        var manifest = await RunAndRead(temp.File("spec.yaml", Specs.Tiny), Path.Combine(temp.Path, "results"));
        var p = Provenance(manifest);

        Assert.Equal(1, p["dispatch"]!["intra_op_threads"]!.GetValue<int>());
        Assert.Equal(["cpu"], p["devices"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(["float64"], p["dtypes"]!.AsArray().Select(d => d!.GetValue<string>()));
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64)
            Assert.Contains(p["dispatch"]!["cpu_capability"]!.GetValue<string>(), new[] { "AVX2", "DEFAULT" });
    }

    [Fact]
    public void Cpu_flags_are_the_relevant_ones_in_a_fixed_order()
    {
        var x86 = CpuInfo.Parse([
            "processor\t: 0", "model name\t: Some CPU 9000", "flags\t\t: fpu avx512f fma sse2 avx2 avx sse4_2 avx512_vnni",
            "processor\t: 1", "model name\t: Other", "flags\t\t: fpu"]);
        Assert.Equal("Some CPU 9000", x86.Model);
        Assert.Equal(["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_vnni"], x86.InstructionSets);

        var arm = CpuInfo.Parse(["processor\t: 0", "Features\t: fp asimd sve evtstrm"]);
        Assert.Null(arm.Model);
        Assert.Equal(["asimd", "sve"], arm.InstructionSets);

        Assert.Null(CpuInfo.Parse([]).InstructionSets);
    }

    static async Task<JsonObject> RunAndRead(string spec, string results, params string[] extra)
    {
        var outcome = await ReproCli.Run(["run", spec, "--results", results, .. extra]);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        return Manifests.Read(Path.Combine(results, "tiny", ArtifactSet.ManifestFile));
    }

    static JsonObject Provenance(JsonObject manifest) => manifest[ArtifactSet.ProvenanceKey]!.AsObject();

    static string Canonical(JsonObject manifest) => Core.Spec.Canonical.Compact(manifest);

    static bool HasGitAbove(string dir)
    {
        for (var d = new DirectoryInfo(dir); d is not null; d = d.Parent)
            if (Path.Exists(Path.Combine(d.FullName, ".git"))) return true;
        return false;
    }

    /// <summary>A throwaway git repository holding the tiny spec and a notes file, all committed.</summary>
    sealed class GitRepo : IDisposable
    {
        readonly TempDir dir = new();

        public string Path => dir.Path;
        public string Spec => System.IO.Path.Combine(Path, "spec.yaml");

        public static GitRepo WithTinySpec()
        {
            var repo = new GitRepo();
            repo.dir.File("spec.yaml", Specs.Tiny);
            repo.dir.File("notes.txt", "committed\n");
            repo.Git("init", "--quiet");
            repo.Git("add", ".");
            repo.Git("-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "spec");
            return repo;
        }

        public string Git(params string[] args)
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var git = Process.Start(start)!;
            string stdout = git.StandardOutput.ReadToEnd(), stderr = git.StandardError.ReadToEnd();
            git.WaitForExit();
            Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)}: {stderr}");
            return stdout;
        }

        public void Dispose() => dir.Dispose();
    }
}
