using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Repro.Cli.Commands;
using Repro.Cli.Progress;
using Repro.Core.Artifacts;
using Repro.Core.Report;
using Repro.Core.Spec;

namespace Repro.Cli.Serve;

/// <summary>One server-sent event: its name and its data (one line of JSON).</summary>
public sealed record ServerEvent(string Name, string Data);

/// <summary>
/// What `repro serve` shows, kept current: every published folder (re-read when its manifest's bytes change, which a
/// publish always does when anything in it changed) and every running spec's progress (the files run and watch write,
/// <see cref="LiveProgressFile"/>). Each change is an event for every page that listens; a page that connects says
/// which version it was rendered at and is sent what changed since.
/// </summary>
public sealed class LiveReport(string resultsRoot, string specsRoot, string cache, TimeProvider clock, ILogger log)
{
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    sealed record Known(string Stamp, PublishedExperiment Experiment, long Version);

    readonly Lock gate = new();
    readonly SortedDictionary<string, Known> experiments = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> failures = new(StringComparer.Ordinal); // folder → the last reason it could not be read
    readonly Dictionary<string, LiveProgress> running = new(StringComparer.Ordinal);
    readonly List<Channel<ServerEvent>> listeners = [];
    long version;

    /// <summary>The page as of now, and the version it shows.</summary>
    public (string Html, long Version) Page()
    {
        lock (gate)
        {
            string html = HtmlReport.Render([.. experiments.Values.Select(k => k.Experiment)], live: true);
            return (html.Replace("<body class=\"live\">", $"<body class=\"live\" data-version=\"{version}\">", StringComparison.Ordinal), version);
        }
    }

    /// <summary>A page's stream of events: first what changed after <paramref name="since"/> and what runs now, then every change.</summary>
    public ChannelReader<ServerEvent> Listen(long since, CancellationToken gone)
    {
        var channel = Channel.CreateUnbounded<ServerEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (gate)
        {
            foreach (var known in experiments.Values.Where(k => k.Version > since)) channel.Writer.TryWrite(ExperimentEvent(known.Experiment));
            foreach (var progress in running.Values) channel.Writer.TryWrite(ProgressEvent(progress.Spec, progress));
            listeners.Add(channel);
        }
        gone.Register(() =>
        {
            lock (gate) listeners.Remove(channel);
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Refresh();
            try
            {
                await Task.Delay(Poll, clock, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        lock (gate)
            foreach (var listener in listeners) listener.Writer.TryComplete();
    }

    /// <summary>One look at the results and the progress files; what changed is sent to every listener.</summary>
    public void Refresh()
    {
        if (Directory.Exists(resultsRoot))
            foreach (var (dir, name) in PublishedFolders.Under(resultsRoot)) RefreshFolder(dir, name);
        RefreshProgress();
    }

    void RefreshFolder(string dir, string name)
    {
        string stamp;
        try
        {
            stamp = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, ArtifactSet.ManifestFile))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // a publish is swapping the folder: look again next time
        }
        lock (gate)
            if (experiments.TryGetValue(name, out var known) && known.Stamp == stamp) return;
        PublishedExperiment experiment;
        try
        {
            experiment = ReportCommand.Read(dir, name, specsRoot);
        }
        catch (Exception e) when (e is SpecException or Core.ArtifactException or IOException or UnauthorizedAccessException)
        {
            // Shown once per reason, not every poll; the page keeps what it showed.
            string reason = e is SpecException s ? string.Join("; ", s.Errors) : e.Message;
            lock (gate)
                if (failures.GetValueOrDefault(name) == reason) return;
                else failures[name] = reason;
            log.LogWarning("{Name}: not shown: {Reason}", name, reason);
            return;
        }
        lock (gate)
        {
            failures.Remove(name);
            experiments[name] = new Known(stamp, experiment, ++version);
            Send(ExperimentEvent(experiment));
        }
    }

    void RefreshProgress()
    {
        string folder = Path.Combine(cache, LiveProgressFile.Folder);
        var now = clock.GetUtcNow();
        var seen = new Dictionary<string, LiveProgress>(StringComparer.Ordinal);
        if (Directory.Exists(folder))
            foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
                if (LiveProgressFile.Read(file, now) is { } progress) seen[progress.Spec] = progress;
        lock (gate)
        {
            foreach (var gone in running.Keys.Where(spec => !seen.ContainsKey(spec)).ToList())
            {
                running.Remove(gone);
                Send(ProgressEvent(gone, null));
            }
            foreach (var (spec, progress) in seen)
            {
                if (running.TryGetValue(spec, out var before) && before == progress) continue;
                running[spec] = progress;
                Send(ProgressEvent(spec, progress));
            }
        }
    }

    void Send(ServerEvent e)
    {
        foreach (var listener in listeners) listener.Writer.TryWrite(e);
    }

    ServerEvent ExperimentEvent(PublishedExperiment e) => new("experiment", new JsonObject
    {
        ["name"] = e.Name,
        ["section"] = HtmlReport.Section(e),
        ["nav"] = HtmlReport.NavItem(e),
        ["totals"] = ReportText.Totals([.. experiments.Values.Select(k => k.Experiment)]),
    }.ToJsonString());

    static ServerEvent ProgressEvent(string spec, LiveProgress? p) => new("progress", (p is null
        ? new JsonObject { ["spec"] = spec, ["running"] = false }
        : new JsonObject { ["spec"] = spec, ["running"] = true, ["done"] = p.Done, ["total"] = p.Total, ["fraction"] = p.Fraction, ["line"] = p.Line }).ToJsonString());
}
