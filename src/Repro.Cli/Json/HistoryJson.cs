using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.History;

namespace Repro.Cli.Json;

/// <summary>`repro history --json` (schema/output/history.schema.json): the ledger's path and its entries, each as the ledger stores it.</summary>
public static class HistoryJson
{
    /// <param name="spec">the spec the list is limited to, or null for all</param>
    public static JsonObject Of(Ledger ledger, string? spec, IReadOnlyList<LedgerEntry> entries) => new()
    {
        ["ledger"] = ledger.Path,
        ["spec"] = spec,
        ["entries"] = new JsonArray([.. entries.Select(e => JsonSerializer.SerializeToNode(e))]),
    };
}
