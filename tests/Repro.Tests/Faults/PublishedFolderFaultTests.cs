using System.Text.Json.Nodes;
using Repro.Core.Artifacts;

namespace Repro.Tests.Faults;

/// <summary>
/// Faults injected into a published folder (issue 14, item 2). `verify` never reads a folder that fails its checks:
/// it trains (here: from the trial cache) and says why; `report` and `query` refuse it with one line. Nothing
/// else is written, and the folder and the cache are left exactly as they were.
/// </summary>
public class PublishedFolderFaultTests
{
    static void EditManifest(string folder, Action<JsonObject> edit)
    {
        string path = Path.Combine(folder, ArtifactSet.ManifestFile);
        var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(manifest);
        File.WriteAllBytes(path, ArtifactSet.Json(manifest));
    }

    static void Inject(string folder, string fault)
    {
        string manifest = Path.Combine(folder, ArtifactSet.ManifestFile);
        switch (fault)
        {
            case "trials: 5": EditManifest(folder, m => m["trials"] = 5); break;
            case "numeric key": EditManifest(folder, m => m["trials"]![0]!["key"] = 5); break;
            case "sha256: 5": EditManifest(folder, m => m["artifacts"]![0]!["sha256"] = 5); break;
            case "artifacts: {}": EditManifest(folder, m => m["artifacts"] = new JsonObject()); break;
            case "artifacts: []": EditManifest(folder, m => m["artifacts"] = new JsonArray()); break;
            case "a path out of the folder": EditManifest(folder, m => m["artifacts"]![0]!["path"] = "../tiny.yaml"); break;
            case "claims.json not listed": EditManifest(folder, m => m["artifacts"]!.AsArray().RemoveAt(0)); break;
            case "spec_hash edited": EditManifest(folder, m => m["spec_hash"] = new string('0', 64)); break;
            case "manifest is a list": File.WriteAllText(manifest, "[]"); break;
            case "manifest truncated": File.WriteAllBytes(manifest, File.ReadAllBytes(manifest)[..100]); break;
            case "claims.json edited": File.WriteAllText(Path.Combine(folder, "claims.json"), File.ReadAllText(Path.Combine(folder, "claims.json")).Replace("\"passed\": true", "\"passed\": false")); break;
            case "figure deleted": File.Delete(Path.Combine(folder, "figures", "loss.svg")); break;
            case "figure edited": File.AppendAllText(Path.Combine(folder, "figures", "loss.svg"), "<!-- -->"); break;
            default:
                string metrics = Path.Combine(folder, "metrics.parquet");
                byte[] bytes = File.ReadAllBytes(metrics);
                bytes[bytes.Length / 2] ^= 0x01;
                File.WriteAllBytes(metrics, bytes);
                break;
        }
    }

    [Theory]
    [InlineData("trials: 5", "manifest.json's trials is not a list")]
    [InlineData("numeric key", "manifest.json's key is not a string")]
    [InlineData("sha256: 5", "manifest.json's sha256 is not a string")]
    [InlineData("artifacts: {}", "manifest.json's artifacts is not a list")]
    [InlineData("artifacts: []", "manifest.json does not list claims.json")]
    [InlineData("a path out of the folder", "manifest.json lists '../tiny.yaml', which is not a file of a published folder")]
    [InlineData("claims.json not listed", "manifest.json does not list claims.json")]
    [InlineData("spec_hash edited", "manifest.json does not match its content_sha256 (it was edited)")]
    [InlineData("manifest is a list", "manifest.json is not a JSON object")]
    [InlineData("manifest truncated", "manifest.json is not valid JSON")]
    [InlineData("claims.json edited", "claims.json does not match its SHA-256 in the manifest")]
    [InlineData("figure deleted", "figures/loss.svg is missing")]
    [InlineData("figure edited", "figures/loss.svg does not match its SHA-256 in the manifest")]
    [InlineData("a table's byte flipped", "metrics.parquet does not match its SHA-256 in the manifest")]
    public async Task A_folder_that_fails_its_checks_is_trained_around_by_verify_and_refused_by_report_and_query(string fault, string reason)
    {
        using var w = new FaultWorkspace();
        Assert.Equal(0, (await w.Run()).ExitCode);
        var report = await Support.ReproCli.Run("report", "--results", w.Results, "--specs", w.Root);
        Assert.True(report.ExitCode == 0, report.Stderr);
        var reportFiles = Directory.GetFiles(w.Results).ToDictionary(f => f, File.ReadAllBytes);
        Inject(w.Published, fault);
        var damaged = w.PublishedBytes();
        var cache = w.CacheBytes();

        var verify = await Support.ReproCli.Run("verify", w.SpecFile, "--results", w.Results, "--cache", w.Cache);
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        Assert.Contains($"NOTE tiny: trained instead of reading the published results: {w.Published} cannot be used: {reason}", verify.Stdout);
        Assert.Contains("1 spec, 1 claims: 1 passed, 0 failed (0 from published results, 1 from the trial cache, 0 trained)", verify.Stdout);

        var refused = await Support.ReproCli.Run("report", "--results", w.Results, "--specs", w.Root);
        Assert.Equal(3, refused.ExitCode);
        Assert.Equal($"repro: {w.Published}: {reason}", Assert.Single(refused.ErrorLines)[..$"repro: {w.Published}: {reason}".Length]);
        Assert.EndsWith($"; regenerate it with `repro run {w.SpecFile}`, or remove it", refused.ErrorLines[0]);

        var query = await Support.ReproCli.Run("query", "select count(*) from metrics", "--results", w.Results);
        Assert.Equal(3, query.ExitCode);
        Assert.StartsWith($"repro: {w.Published}: {reason}", Assert.Single(query.ErrorLines));

        // Nothing was written anywhere: the damaged folder, the report files and the cache are as they were.
        Assert.Equal(damaged, w.PublishedBytes());
        Assert.Equal(reportFiles, Directory.GetFiles(w.Results).ToDictionary(f => f, File.ReadAllBytes));
        Assert.Equal(cache, w.CacheBytes());
    }

    [Fact]
    public async Task A_folder_that_checks_out_is_read_by_verify_without_training()
    {
        using var w = new FaultWorkspace();
        Assert.Equal(0, (await w.Run()).ExitCode);
        var verify = await Support.ReproCli.Run("verify", w.SpecFile, "--results", w.Results, "--cache", w.Cache);
        Assert.Equal(0, verify.ExitCode);
        Assert.DoesNotContain("NOTE", verify.Stdout);
        Assert.Contains("(1 from published results, 0 trained)", verify.Stdout);
    }
}
