using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Repro.Cli.Progress;
using Repro.Core.Progress;
using Repro.Tests.Support;

namespace Repro.Tests.Serve;

/// <summary>`repro serve` over HTTP: loopback only, the page and the files beside it, progress files as events, a busy port.</summary>
public class ServeTests
{
    const string Spec = Specs.Tiny + """

        claims:
          - id: loss-is-small
            metric: train_loss
            expect: "< 1"
        figures:
          - id: loss
            title: Training loss
            y: train_loss
        """;

    static async Task<(string Results, string Specs, string Cache)> Published(TempDir temp)
    {
        string specs = Path.Combine(temp.Path, "specs"), results = Path.Combine(temp.Path, "results"), cache = Path.Combine(temp.Path, "cache");
        Directory.CreateDirectory(specs);
        File.WriteAllText(Path.Combine(specs, "tiny.yaml"), Spec);
        var run = await ReproCli.Run("run", Path.Combine(specs, "tiny.yaml"), "--results", results, "--cache", cache);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return (results, specs, cache);
    }

    [Fact]
    public async Task The_page_and_the_files_beside_it_are_served_on_loopback_only()
    {
        using var temp = new TempDir();
        var (results, specs, cache) = await Published(temp);
        await using var serve = await ServeSession.Start(results, specs, cache);
        using var http = new HttpClient();

        Assert.StartsWith("http://127.0.0.1:", serve.Url);
        string page = await http.GetStringAsync(serve.Url);
        Assert.Contains("<details class=\"experiment pass\" id=\"tiny\"", page);
        Assert.Contains("<body class=\"live\" data-version=\"1\">", page);
        Assert.Contains("new EventSource(\"/_repro/events?since=\" + ", page);
        // The page's links lead somewhere: the figure files, the tables, the spec at its line.
        var svg = await http.GetAsync(serve.Url + "tiny/figures/loss.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Equal(File.ReadAllBytes(Path.Combine(results, "tiny", "figures", "loss.svg")), await svg.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(serve.Url + "tiny/metrics.parquet")).StatusCode);
        Assert.Equal(Spec.ReplaceLineEndings("\n"), (await http.GetStringAsync(serve.Url + "specs/tiny.yaml")).ReplaceLineEndings("\n"));
        // Nothing outside the two folders, however the path is written.
        File.WriteAllText(Path.Combine(temp.Path, "secret.txt"), "not for the page");
        foreach (var escape in new[] { "%2e%2e/secret.txt", "tiny/..%2f..%2fsecret.txt", "specs/%2e%2e/secret.txt", "tiny/%2e%2e/%2e%2e/secret.txt" })
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(serve.Url + escape)).StatusCode);

        // Bound to 127.0.0.1 alone: no other address of this machine answers.
        int port = new Uri(serve.Url).Port;
        foreach (var address in Dns.GetHostAddresses(Dns.GetHostName()).Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)))
        {
            using var client = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(address, port));
        }
        Assert.Equal(0, await serve.Stop());
    }

    [Fact]
    public async Task A_running_specs_progress_file_is_an_event_until_it_goes_and_a_malformed_one_is_none()
    {
        using var temp = new TempDir();
        var (results, specs, cache) = await Published(temp);
        await using var serve = await ServeSession.Start(results, specs, cache);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var stream = new StreamReader(await http.GetStreamAsync(serve.Url + "_repro/events?since=1"));

        string live = Path.Combine(cache, LiveProgressFile.Folder);
        Directory.CreateDirectory(live);
        File.WriteAllText(Path.Combine(live, "broken.json"), "{\"spec\": \"broken\", \"done\": 9, \"total\": 3, \"fraction\": 0.5, \"line\": \"x\", \"updated\": " + Now() + "}");
        File.WriteAllText(Path.Combine(live, "other.json"), "{\"spec\": \"tiny\", \"done\": 1, \"total\": 3, \"fraction\": 0.5, \"line\": \"x\", \"updated\": " + Now() + "}");
        File.WriteAllText(Path.Combine(live, "stale.json"), "{\"spec\": \"stale\", \"done\": 1, \"total\": 3, \"fraction\": 0.5, \"line\": \"x\", \"updated\": " + (Now() - 60_000) + "}");
        File.WriteAllText(Path.Combine(live, "big.json"), "{\"spec\": \"big\", \"done\": 2, \"total\": 7, \"fraction\": 0.25, \"line\": \"big: 2/7 trials, ETA 4s\", \"updated\": " + Now() + "}");

        var first = await NextEvent(stream);
        Assert.Equal("progress", first.Name);
        Assert.Equal("""{"spec":"big","running":true,"done":2,"total":7,"fraction":0.25,"line":"big: 2/7 trials, ETA 4s"}""", first.Data);
        File.Delete(Path.Combine(live, "big.json"));
        var gone = await NextEvent(stream);
        Assert.Equal(("progress", """{"spec":"big","running":false}"""), gone);
        Assert.Equal(0, await serve.Stop());
    }

    [Fact]
    public async Task A_published_change_is_one_experiment_event_with_the_new_section()
    {
        using var temp = new TempDir();
        var (results, specs, cache) = await Published(temp);
        await using var serve = await ServeSession.Start(results, specs, cache);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var stream = new StreamReader(await http.GetStreamAsync(serve.Url + "_repro/events?since=1"));

        File.WriteAllText(Path.Combine(specs, "tiny.yaml"), Spec.Replace("\"< 1\"", "\"> 1\"", StringComparison.Ordinal));
        var run = await ReproCli.Run("run", Path.Combine(specs, "tiny.yaml"), "--results", results, "--cache", cache);
        Assert.Equal(1, run.ExitCode);

        var e = await NextEvent(stream);
        Assert.Equal("experiment", e.Name);
        var data = JsonNode.Parse(e.Data)!;
        Assert.Equal("tiny", data["name"]!.GetValue<string>());
        Assert.StartsWith("<details class=\"experiment fail\" id=\"tiny\"", data["section"]!.GetValue<string>());
        Assert.Contains("<tr class=\"claim fail\" id=\"tiny--loss-is-small\">", data["section"]!.GetValue<string>());
        Assert.Equal("1 experiment, 0 of 1 claims passed", data["totals"]!.GetValue<string>());
        // A page rendered before the change and connecting after it is sent it too.
        using var late = new StreamReader(await http.GetStreamAsync(serve.Url + "_repro/events?since=1"));
        Assert.Equal("experiment", (await NextEvent(late)).Name);
        Assert.Equal(0, await serve.Stop());
    }

    [Fact]
    public async Task A_port_in_use_is_exit_2_with_one_line_naming_it()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(Path.Combine(temp.Path, "results"));
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var outcome = await ReproCli.Run("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--results", Path.Combine(temp.Path, "results"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"repro: port {port} on 127.0.0.1 is in use; pass another --port, or --port 0 for any free one", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public void A_run_writes_its_progress_file_while_it_trains_and_removes_it_when_training_ends()
    {
        using var temp = new TempDir();
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var sink = new BoardSink(clock);
        string file = LiveProgressFile.PathOf(temp.Path, "tiny");
        using (new LiveProgressFile(sink, temp.Path, "tiny", clock))
        {
            clock.Advance(LiveProgressFile.Interval);
            Assert.False(File.Exists(file), "a file before the run has a plan");
            sink.Planned("tiny", 4, 1, 800);
            sink.Report(ProgressEvent.Began(2, 400));
            clock.Advance(LiveProgressFile.Interval);
            var progress = LiveProgressFile.Read(file, clock.GetUtcNow());
            Assert.Equal(new LiveProgress("tiny", 1, 4, 0, "tiny: 1/4 trials, 1 cached, ETA -"), progress);
            // 300 of the 800 trial-steps to train: the bar's fraction moves before any trial is done.
            sink.Report(ProgressEvent.Of(new BatchProgress(2, 0, 150, 400, 0.5, 0.7)));
            clock.Advance(LiveProgressFile.Interval);
            Assert.Equal(0.375, LiveProgressFile.Read(file, clock.GetUtcNow())!.Fraction);
            Assert.Null(LiveProgressFile.Read(file, clock.GetUtcNow() + LiveProgressFile.Stale + TimeSpan.FromSeconds(1)));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(file)!, "*.tmp"));
        }
        Assert.False(File.Exists(file));
    }

    static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>The next event on a text/event-stream, comments skipped.</summary>
    static async Task<(string Name, string Data)> NextEvent(StreamReader stream)
    {
        using var patience = new CancellationTokenSource(Eventually.Patience);
        string name = "", data = "";
        while (true)
        {
            string line = await stream.ReadLineAsync(patience.Token) ?? throw new InvalidOperationException("the event stream ended");
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line["data: ".Length..];
            else if (line.Length == 0 && name.Length > 0) return (name, data);
        }
    }
}
