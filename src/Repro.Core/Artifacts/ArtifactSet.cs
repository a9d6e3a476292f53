using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Repro.Core.Claims;
using Repro.Core.Figures;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Artifacts;

/// <summary>
/// Everything published for one spec, as bytes keyed by relative path. A pure function of the plan and
/// the results: the same inputs give the same bytes, which is what the snapshot tests hold us to.
/// </summary>
public sealed record ArtifactSet(IReadOnlyDictionary<string, byte[]> Files, IReadOnlyList<ClaimOutcome> Claims)
{
    public const string ManifestFile = "manifest.json";
    public const string ClaimsFile = "claims.json";
    public const string ProvenanceFile = "provenance.json";
    /// <summary>`artifacts: [weights]`: every trial's final parameters.</summary>
    public const string WeightsFile = "weights.parquet";

    /// <summary>The manifest member that describes the machine and checkout a run came from.</summary>
    public const string ProvenanceKey = "provenance";

    /// <summary>The manifest member holding <see cref="ContentSha256"/>.</summary>
    public const string ContentKey = "content_sha256";

    /// <param name="determinism">The dispatch settings the engine pinned; part of what the data depend on.</param>
    /// <param name="provenance">
    /// Where the run happened (toolkit and git state, versions, OS, CPU, dispatch), built by the layer that can
    /// probe the machine. Published in the manifest but outside <c>content_sha256</c>: it differs between machines.
    /// </param>
    public static ArtifactSet Build(TrialPlan plan, IReadOnlyList<TrialResult> results, IReadOnlyDictionary<string, string> determinism,
        JsonObject provenance)
    {
        var spec = plan.Spec;
        // Derived metrics are computed here, from what training recorded: every table, figure and claim below sees them.
        results = Derived.DerivedValues.Complete(plan, results);
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["repro.spec"] = spec.Name,
            // The whole resolved spec (every default applied), so that a file alone says how it was made: its SHA-256 is repro.spec_hash.
            ["repro.spec_canonical"] = Canonical.Compact(spec.ToCanonical()),
            ["repro.spec_hash"] = spec.Hash,
            ["repro.engine_version"] = plan.EngineVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["repro.trial_keys"] = string.Join(",", plan.Trials.Select(t => t.Key)),
        };

        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var rows = new Dictionary<string, long>();
        void AddTable(string path, Table table)
        {
            files[path] = ParquetTable.Write(table, metadata);
            rows[path] = table.RowCount;
        }
        AddTable("metrics.parquet", ResultTables.Metrics(plan, results));
        AddTable("summary.parquet", ResultTables.Summary(plan, results));
        AddTable("trials.parquet", ResultTables.Trials(plan));
        if (spec.KeepsWeights)
            AddTable(WeightsFile, ResultTables.Weights(plan, results));
        if (results.Any(r => r.References is { Count: > 0 }))
            AddTable("references.parquet", ResultTables.References(plan, results));

        foreach (var figure in spec.Figures)
        {
            // Each figure twice, from one drawing: SVG for pages, PDF for papers.
            var drawn = FigureRenderer.Render(figure, plan, results);
            files[$"figures/{figure.Id}.svg"] = drawn.Svg;
            files[$"figures/{figure.Id}.pdf"] = drawn.Pdf;
        }

        var claims = ClaimChecker.Check(plan, results);
        files[ClaimsFile] = Json(ClaimsJson(spec, claims));
        var manifest = Manifest(plan, files, rows, determinism);
        // After engine_version: the content's identity reads near the top, and removing it restores the content's order.
        manifest.Insert(manifest.IndexOf("engine_version") + 1, ContentKey, ContentSha256(manifest));
        manifest[ProvenanceKey] = provenance.DeepClone();
        files[ManifestFile] = Json(manifest);
        return new ArtifactSet(files, claims);
    }

    /// <summary>
    /// The machine-independent identity of what was published: SHA-256 of the manifest without
    /// <c>provenance</c> and <c>content_sha256</c>, written as manifest.json is (<see cref="Json"/>). Two runs of
    /// one spec agree on it wherever they ran, as long as every artifact's bytes agree.
    /// </summary>
    public static string ContentSha256(JsonObject manifest) =>
        Convert.ToHexStringLower(SHA256.HashData(Json(WithoutProvenance(manifest, keepContentHash: false))));

    /// <summary>A copy of the manifest without its provenance (and, unless kept, without its content hash).</summary>
    public static JsonObject WithoutProvenance(JsonObject manifest, bool keepContentHash = true)
    {
        var content = manifest.DeepClone().AsObject();
        content.Remove(ProvenanceKey);
        if (!keepContentHash) content.Remove(ContentKey);
        return content;
    }

    static JsonObject ClaimsJson(ResolvedSpec spec, IReadOnlyList<ClaimOutcome> outcomes) => new()
    {
        ["spec"] = spec.Name,
        // The file name only: the path a spec was run by differs between machines, the bytes must not.
        ["spec_file"] = Path.GetFileName(spec.File),
        ["passed"] = outcomes.All(o => o.Passed),
        ["claims"] = new JsonArray([.. outcomes.Select(ClaimJson)]),
    };

    static JsonNode ClaimJson(ClaimOutcome o)
    {
        var claim = new JsonObject
        {
            ["id"] = o.Claim.Id,
            ["line"] = o.Claim.Mark.Line,
            ["column"] = o.Claim.Mark.Column,
            ["metric"] = o.Claim.Metric,
            ["where"] = new JsonObject(o.Claim.Where.Select(w => KeyValuePair.Create(w.Key, (JsonNode?)w.Value))),
            ["at"] = o.Claim.At.ToString(),
            ["reduce"] = o.Claim.Reduce.ToString(),
            ["expect"] = o.Claim.TestText,
            ["bound"] = o.Claim.Expect?.Bound,
            ["trend"] = o.Trend is null ? null : new JsonArray([.. o.Trend.Select(p => (JsonNode)new JsonArray(p.At, double.IsFinite(p.Value) ? p.Value : null))]),
            // JSON has no NaN: a claim whose trials diverged has no measured value.
            ["measured"] = double.IsFinite(o.Measured) ? o.Measured : null,
            ["trials"] = o.Trials,
            ["diverged_trials"] = o.DivergedTrials,
            ["passed"] = o.Passed,
        };
        // Only for the forms that have them, so that claims written before them keep their bytes.
        if (o.Claim.Tolerance is { } t) claim["tolerance"] = Canonical.Of(t);
        if (o.Units is { } units)
        {
            // What was compared or fitted, and every unit with the values it was made of, so that a reader can redo it.
            foreach (var (key, value) in o.Claim.Measure!.Keys) claim[key] = value;
            claim["units"] = new JsonArray([.. units.Select(u => (JsonNode)u.ToJson())]);
            if (o.Holding is { } held) claim["holding_units"] = held;
        }
        else
        {
            // Each trial's two sides of a ratio to another metric: what was divided, not only the quotient.
            if (o.Sides is { } sides) claim["sides"] = new JsonArray([.. sides.Select(s => (JsonNode)s.ToJson())]);
            if (o.Holding is { } holding) claim["holding_trials"] = holding;
        }
        return claim;
    }

    static JsonObject Manifest(TrialPlan plan, IReadOnlyDictionary<string, byte[]> files, IReadOnlyDictionary<string, long> rows,
        IReadOnlyDictionary<string, string> determinism) => new()
    {
        ["spec"] = plan.Spec.Name,
        ["spec_hash"] = plan.Spec.Hash,
        ["engine_version"] = plan.EngineVersion,
        ["determinism"] = new JsonObject(determinism.OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
        ["artifacts"] = new JsonArray([.. files.Select(f =>
        {
            var entry = new JsonObject
            {
                ["path"] = f.Key,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(f.Value)),
                ["bytes"] = f.Value.LongLength,
            };
            if (rows.TryGetValue(f.Key, out long count)) entry["rows"] = count;
            return (JsonNode)entry;
        })]),
        ["trials"] = new JsonArray([.. plan.Trials.Select(t => (JsonNode)new JsonObject
        {
            ["key"] = t.Key,
            ["seed"] = t.Seed,
            ["sweep"] = new JsonObject(plan.SweepColumns.Select(c => KeyValuePair.Create(c.Path, t.Value(c.Path)?.DeepClone()))),
        })]),
    };

    public static byte[] Json(JsonNode node) => Encoding.UTF8.GetBytes(Canonical.Pretty(node) + "\n");
}
