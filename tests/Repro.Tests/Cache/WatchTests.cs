using Repro.Tests.Support;

namespace Repro.Tests.Cache;

/// <summary>`repro watch`: reruns on save with the cache, and when a data file the spec names changes; survives a bad edit, stops on cancellation.</summary>
public class WatchTests
{
    [Fact]
    public async Task A_saved_edit_reruns_only_what_changed_and_a_bad_edit_is_reported_without_stopping_the_watch()
    {
        using var temp = new TempDir();
        string spec = temp.File("tiny.yaml", Specs.Tiny + "\nsweep: { optimizer.lr: [0.01, 0.02] }\n");
        using var watch = new WatchSession(spec, temp.Path);

        await Eventually.Contains(watch.Out, "tiny: trained 4 of 4 trials (0 from the cache)");
        File.WriteAllText(spec, Specs.Tiny.Replace("lr: 0.05", "lr: -1"));
        await Eventually.Contains(watch.Out, "tiny.yaml: not run (");
        Assert.Contains($"{spec}:5:28: optimizer.lr must be > 0, got -1", watch.Err());

        File.WriteAllText(spec, Specs.Tiny + "\nsweep: { optimizer.lr: [0.01, 0.03] }\n");
        await Eventually.Contains(watch.Out, "tiny: trained 2 of 4 trials (2 from the cache)");
        Assert.True(File.Exists(Path.Combine(temp.Path, "results", "tiny", "manifest.json")));

        Assert.Equal(0, await watch.Stop());
    }

    [Fact]
    public async Task A_changed_data_file_reruns_the_specs_that_read_it_and_no_other()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(Path.Combine(temp.Path, "data"));
        const string Rows = "x1,x2,y\n1,0,1\n0,1,-1\n2,1,1\n";
        string csv = temp.File("data/train.csv", Rows);
        temp.File("other.csv", Rows);
        string Spec(string name, string path) => $$"""
            name: {{name}}
            data: { kind: file, path: {{path}}, inputs: [x1, x2], label: y }
            model: linear
            optimizer: { kind: gd, lr: 0.1 }
            train: { steps: 50, log_every: 10 }
            seeds: [0]
            metrics: [train_loss]
            """;
        temp.File("reads.yaml", Spec("reads", "data/train.csv"));
        temp.File("ignores.yaml", Spec("ignores", "other.csv"));
        // A folder: both specs are known from the start, before either has run.
        using var watch = new WatchSession(temp.Path, temp.Path);

        await Eventually.Contains(watch.Out, "watching ");
        File.WriteAllText(csv, Rows.Replace("2,1,1", "3,1,1", StringComparison.Ordinal));
        await Eventually.Contains(watch.Out, "reads: trained 1 of 1 trials (0 from the cache)");
        Assert.Contains("--- reads.yaml data changed (train.csv): rerunning", watch.Out());

        // The same bytes again: the trial key holds the file's SHA-256, so the rerun trains nothing.
        File.WriteAllText(csv, Rows.Replace("2,1,1", "3,1,1", StringComparison.Ordinal));
        await Eventually.Contains(watch.Out, "reads: nothing to train: all 1 trials came from the cache");
        Assert.DoesNotContain("ignores", watch.Out());

        Assert.Equal(0, await watch.Stop());
    }
}
