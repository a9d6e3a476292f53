using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Progress;

namespace Repro.Cli.Progress;

/// <summary>
/// A run's progress for other processes to read (`repro serve`): &lt;cache&gt;/live/&lt;spec&gt;.json, rewritten atomically
/// twice a second while the run trains and removed when training ends. The rewrite is also a heartbeat: a file not
/// rewritten for <see cref="Stale"/> is a run that died, and readers ignore it.
/// </summary>
public sealed class LiveProgressFile : IDisposable
{
    public const string Folder = "live";

    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(5);

    readonly ITimer timer;
    readonly string path;
    readonly Lock gate = new();
    bool disposed;

    public LiveProgressFile(BoardSink sink, string cache, string spec, TimeProvider clock)
    {
        path = PathOf(cache, spec);
        timer = clock.CreateTimer(_ =>
        {
            lock (gate)
            {
                if (disposed || sink.Board?.Snapshot(clock.GetUtcNow()) is not { } s) return;
                Write(path, Json(s, clock.GetUtcNow()));
            }
        }, null, TimeSpan.Zero, Interval);
    }

    public static string PathOf(string cache, string spec) => Path.Combine(cache, Folder, spec + ".json");

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            timer.Dispose();
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A reader holds it open on a system that refuses: it goes stale instead.
            }
        }
    }

    static JsonObject Json(ProgressSnapshot s, DateTimeOffset now) => new()
    {
        ["spec"] = s.Spec,
        ["updated"] = now.ToUnixTimeMilliseconds(),
        ["done"] = s.Done,
        ["total"] = s.Total,
        // How far the training is, by trial-steps: a batch of every trial moves from its first step, not only at its end.
        ["fraction"] = s.Done >= s.Total ? 1 : s.TrialSteps > 0 ? Math.Round(Math.Min(1, (double)s.TrialStepsDone / s.TrialSteps), 3) : 0,
        ["line"] = ProgressLine.Of(s),
    };

    /// <summary>Temp file and rename: a reader sees the old progress or the new one, never half of one.</summary>
    static void Write(string path, JsonObject json)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string temp = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temp, json.ToJsonString());
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Progress for a page is a courtesy: a full disk or a read-only cache must not stop the run.
        }
    }

    /// <summary>What a reader takes from one file: null for a file that is not one of ours, malformed, or stale at <paramref name="now"/>.</summary>
    public static LiveProgress? Read(string file, DateTimeOffset now)
    {
        try
        {
            if (JsonNode.Parse(File.ReadAllText(file)) is not JsonObject o) return null;
            if (o["spec"]?.GetValueKind() != JsonValueKind.String || o["line"]?.GetValueKind() != JsonValueKind.String) return null;
            string spec = o["spec"]!.GetValue<string>();
            if (spec + ".json" != Path.GetFileName(file)) return null;
            if (!TryLong(o["updated"], out long updated) || !TryLong(o["done"], out long done) || !TryLong(o["total"], out long total)) return null;
            if (done < 0 || done > total || total > int.MaxValue) return null;
            if (o["fraction"] is not JsonValue f || f.GetValueKind() != JsonValueKind.Number) return null;
            double fraction = f.GetValue<double>();
            if (fraction is not (>= 0 and <= 1)) return null;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(updated);
            return now - at > Stale ? null : new LiveProgress(spec, (int)done, (int)total, fraction, o["line"]!.GetValue<string>());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentOutOfRangeException or InvalidOperationException)
        {
            return null;
        }
    }

    static bool TryLong(JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }
}

/// <summary>A running spec's progress as another process wrote it.</summary>
/// <param name="Fraction">trial-steps done of those to train, 0 to 1</param>
public sealed record LiveProgress(string Spec, int Done, int Total, double Fraction, string Line);
