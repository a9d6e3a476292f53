using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Repro.Tests.Support;

/// <summary>
/// Headless Chromium driven over the Chrome DevTools Protocol (a WebSocket, JSON messages): navigate, evaluate script,
/// and collect every console error, uncaught exception and failed load the page reports.
/// </summary>
public sealed partial class DevTools : IAsyncDisposable
{
    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex Listening();

    readonly Process browser;
    readonly TempDir profile;
    readonly ClientWebSocket socket = new();
    readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> pending = new();
    readonly ConcurrentQueue<string> errors = new();
    readonly CancellationTokenSource closing = new();
    readonly SemaphoreSlim sending = new(1, 1);
    string session = "";
    int nextId;
    Task? receiving;
    volatile TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What the page reported as an error: console.error, uncaught exceptions, log entries of level error.</summary>
    public IReadOnlyList<string> Errors => [.. errors];

    DevTools(Process browser, TempDir profile)
    {
        this.browser = browser;
        this.profile = profile;
    }

    public static async Task<DevTools> Start()
    {
        Assert.True(Chromium.Executable is not null, Chromium.Missing);
        var profile = new TempDir();
        var start = new ProcessStartInfo(Chromium.Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                     "--no-first-run", "--window-size=1280,900", $"--user-data-dir={profile.Path}", "about:blank" })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var tools = new DevTools(process, profile);
        // The browser says where its endpoint is on stderr.
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var said = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) { found.TrySetException(new InvalidOperationException($"chromium exited: {said}")); return; }
            lock (said) said.AppendLine(e.Data);
            if (Listening().Match(e.Data) is { Success: true } m) found.TrySetResult(m.Groups[1].Value);
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        string browserUrl = await found.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await tools.socket.ConnectAsync(new Uri(browserUrl), CancellationToken.None);
        tools.receiving = tools.Receive();
        // One page target, attached in flat mode: its commands and events carry its session id.
        var target = await tools.Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browserLevel: true);
        var attached = await tools.Send("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, browserLevel: true);
        tools.session = attached["sessionId"]!.GetValue<string>();
        foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Page.enable" }) await tools.Send(domain);
        return tools;
    }

    /// <summary>Loads <paramref name="url"/> and waits for its load event.</summary>
    public async Task Navigate(string url)
    {
        loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = await Send("Page.navigate", new JsonObject { ["url"] = url });
        Assert.True(result["errorText"] is null, $"navigating to {url}: {result["errorText"]}");
        await loaded.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>The value of a script expression in the page (awaited if it is a promise).</summary>
    public async Task<JsonNode?> Evaluate(string expression)
    {
        var result = await Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is JsonObject failed)
            throw new InvalidOperationException($"`{expression}` threw: " + (failed["exception"]?["description"] ?? failed["text"]));
        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>Waits until <paramref name="expression"/> is true in the page.</summary>
    public async Task Until(string expression, TimeSpan patience, string what)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            if (await Evaluate($"!!({expression})") is JsonValue v && v.GetValue<bool>()) return;
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {patience.TotalSeconds:0} s (`{expression}` stayed false)");
            await Task.Delay(100);
        }
    }

    async Task<JsonObject> Send(string method, JsonObject? parameters = null, bool browserLevel = false)
    {
        int id = Interlocked.Increment(ref nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!browserLevel) message["sessionId"] = session;
        await sending.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            sending.Release();
        }
        var answer = await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
        if (answer["error"] is JsonObject error) throw new InvalidOperationException($"{method}: {error["message"]}");
        return answer["result"] as JsonObject ?? new JsonObject();
    }

    async Task Receive()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!closing.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var part = await socket.ReceiveAsync(buffer, closing.Token);
                if (part.MessageType == WebSocketMessageType.Close) return;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                var json = JsonNode.Parse(message.ToArray()) as JsonObject;
                message.SetLength(0);
                if (json is null) continue;
                if (json["id"] is JsonValue id && pending.TryRemove(id.GetValue<int>(), out var reply)) reply.TrySetResult(json);
                else if (json["method"] is JsonValue method) OnEvent(method.GetValue<string>(), json["params"] as JsonObject ?? new JsonObject());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closing.
        }
    }

    void OnEvent(string method, JsonObject p)
    {
        switch (method)
        {
            case "Page.loadEventFired":
                loaded.TrySetResult();
                break;
            case "Runtime.consoleAPICalled" when p["type"]?.GetValue<string>() is "error" or "assert":
                var args = (p["args"] as JsonArray ?? []).Select(a => a?["value"]?.ToString() ?? a?["description"]?.ToString());
                errors.Enqueue("console." + p["type"] + ": " + string.Join(" ", args));
                break;
            case "Runtime.exceptionThrown":
                var details = p["exceptionDetails"];
                errors.Enqueue("uncaught: " + (details?["exception"]?["description"] ?? details?["text"]));
                break;
            case "Log.entryAdded" when At(p["entry"], "level")?.ToString() == "error":
                errors.Enqueue("log: " + At(p["entry"], "text") + " " + At(p["entry"], "url"));
                break;
        }
    }

    static JsonNode? At(JsonNode? node, string key) => node is JsonObject o ? o[key] : null;

    public async ValueTask DisposeAsync()
    {
        closing.Cancel();
        try
        {
            if (socket.State == WebSocketState.Open) await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or OperationCanceledException)
        {
        }
        if (receiving is not null) await receiving.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        try
        {
            browser.Kill(entireProcessTree: true);
            await browser.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
        }
        browser.Dispose();
        socket.Dispose();
        profile.Dispose();
    }
}
