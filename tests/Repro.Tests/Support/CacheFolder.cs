using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Repro.Tests.Support;

/// <summary>Checks on a trial cache folder from outside: its entries and whether each verifies.</summary>
public static class CacheFolder
{
    public static IReadOnlyList<string> Entries(string root) => Directory.Exists(root)
        ? [.. Directory.GetFiles(root, "entry.json", SearchOption.AllDirectories).Where(f => !f.Contains("/.tmp/", StringComparison.Ordinal)).Select(Path.GetDirectoryName)!]
        : [];

    /// <summary>Problems with any entry: a file missing or not matching its SHA-256 in entry.json.</summary>
    public static IReadOnlyList<string> Problems(string root) => [.. Entries(root).SelectMany(dir =>
    {
        var entry = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "entry.json")))!;
        return entry["files"]!.AsArray().Select(f => f!["path"]!.GetValue<string>())
            .Where(name => !File.Exists(Path.Combine(dir, name))
                || Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, name)))) != entry["files"]!.AsArray().First(f => f!["path"]!.GetValue<string>() == name)!["sha256"]!.GetValue<string>())
            .Select(name => $"{dir}/{name}");
    })];
}
