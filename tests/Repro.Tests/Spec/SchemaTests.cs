using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Repro.Core.Spec;
using Repro.Core.Spec.Yaml;
using Repro.Engine.Registry;
using Repro.Tests.Support;

namespace Repro.Tests.Spec;

/// <summary>
/// schema/spec.schema.json is what editors check specs against: current, accepting every bundled spec and
/// rejecting what the loader rejects. Validated with JsonSchema.Net, a full draft-07 implementation: the
/// schema picks each kind's parameters with if/then and `const`, which a draft-04 validator would skip.
/// </summary>
public class SchemaTests
{
    static readonly string Committed = Repo.Path("schema", "spec.schema.json");
    static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Committed)));

    /// <summary>One failed keyword: where in the spec, which keyword at which place of the schema, and its message.</summary>
    sealed record SchemaError(string At, string Keyword, string SchemaAt, string Message)
    {
        public override string ToString() => $"{At}: {Keyword}: {Message} ({SchemaAt})";
    }

    static List<SchemaError> Validate(string yaml, string file = "x.yaml")
    {
        var instance = JsonSerializer.SerializeToElement(NodeJson.ToJson(YamlReader.Read(yaml, file)));
        var errors = new List<SchemaError>();
        Collect(Schema.Value.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical }), errors);
        return errors;
    }

    // Only failures that make the spec invalid: below a node that holds (an anyOf with one good alternative,
    // an `if` that only chose no `then`) the failures decided nothing.
    static void Collect(EvaluationResults node, List<SchemaError> errors)
    {
        if (node.IsValid) return;
        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
            errors.Add(new SchemaError(node.InstanceLocation.ToString(), keyword, node.SchemaLocation.ToString(), message));
        foreach (var child in node.Details ?? []) Collect(child, errors);
    }

    /// <summary>The Tiny spec with one line in place of its optimizer, init and seeds.</summary>
    static string TinyWith(string line) =>
        Specs.Tiny.Replace("optimizer: { kind: gd, lr: 0.05 }\n", "").Replace("init: zeros\n", "").Replace("seeds: [0, 1]\n", "") + "\n" + line + "\n";

    [Fact]
    public void The_committed_schema_is_the_generated_one()
    {
        string generated = Canonical.Pretty(SpecSchema.Generate(Registries.Catalog)) + "\n";
        Assert.True(generated == File.ReadAllText(Committed),
            "schema/spec.schema.json is stale: run `dotnet run --project src/Repro.Cli -c Release -- schema > schema/spec.schema.json`");
    }

    [Fact]
    public void Every_bundled_spec_is_valid_against_the_schema()
    {
        foreach (var spec in Repo.SpecFiles())
        {
            var errors = Validate(File.ReadAllText(spec), spec);
            Assert.True(errors.Count == 0, $"{spec}: {string.Join("; ", errors)}");
            // The editor's schema link is relative to the spec: specs/papers/ is one folder deeper.
            string up = Path.GetDirectoryName(spec) == Repo.Path("specs") ? ".." : "../..";
            Assert.Contains($"$schema={up}/schema/spec.schema.json", File.ReadAllText(spec));
        }
    }

    [Theory]
    [InlineData("optimiser: { kind: gd }")]
    [InlineData("optimizer: { kind: gd, lr: -1 }")]
    [InlineData("optimizer: { kind: adam, lr: -1 }")]
    [InlineData("optimizer: { kind: adamm }")]
    [InlineData("optimizer: { lr: 0.1, beta1: 0.9 }")]
    [InlineData("optimizer: { kind: gd, batch_size: 2 }")]
    [InlineData("init: { kind: zeros, scale: 2 }")]
    [InlineData("init: normall")]
    [InlineData("sweep: { data.target: [{ kind: sin-sum, nonzeros: 3 }] }")]
    [InlineData("seeds: [0, 0]")]
    [InlineData("sweep: { optimizer.lr: [abc] }")]
    [InlineData("sweep: { optimizer.lr: [0.1, -0.1] }")]
    [InlineData("sweep: { optimizer.lrr: [0.1] }")]
    [InlineData("sweep: { optimizer.kind: [gd, adamm] }")]
    [InlineData("sweep: { init: [zeros, { kind: normal, scale: 0 }] }")]
    [InlineData("sweep: { train.steps: [10, 2.5] }")]
    [InlineData("sweep: { data.target.noise: [-1] }")]
    [InlineData("sweep: { init.scale+optimizer.lx: [[1, 0.1]] }")]
    [InlineData("sweep: { seeds: [[0]] }")]
    [InlineData("derived: { Gap: train_loss }")]
    [InlineData("derived: [train_loss]")]
    [InlineData("claims:\n  - { id: c, metric: gap, expect: \"< 1\" }")]
    [InlineData("figures:\n  - { id: f, y: [train_loss, gap] }")]
    public void The_schema_rejects_what_the_loader_rejects(string line)
    {
        string yaml = TinyWith(line);
        Assert.Throws<SpecException>(() => Specs.Parse(yaml));
        Assert.NotEmpty(Validate(yaml));
    }

    [Theory]
    [InlineData("optimizer: { kind: adam, lr: 0.001, beta1: 0.8 }")]
    [InlineData("optimizer: { lr: 0.1 }")]
    [InlineData("optimizer: {}")]
    [InlineData("init: { kind: normal, scale: 0.5 }")]
    [InlineData("sweep: { optimizer.lr: [0.1, 0.2], init.kind: [zeros, normal] }")]
    [InlineData("sweep: { optimizer: [gd, { kind: adam, eps: 1e-6 }] }")]
    [InlineData("init: normal\nsweep: { init.scale+optimizer.lr: [[1, 0.1], [2, 0.05]] }")]
    [InlineData("sweep: { data.target.noise: [0, 0.5], train.steps: [10, 20], dtype: [float32] }")]
    [InlineData("derived: { gap: \"dist_to_min_norm - train_loss\", twice: 2 * gap }\nclaims:\n  - { id: c, metric: gap, expect: \"< 1\" }\nfigures:\n  - { id: f, y: [train_loss, twice] }")]
    public void The_schema_accepts_what_the_loader_accepts(string line)
    {
        string yaml = TinyWith(line);
        Specs.Parse(yaml);
        var errors = Validate(yaml);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
    }

    [Fact]
    public void A_typo_in_a_kind_is_answered_with_every_kind_of_the_area()
    {
        var errors = Validate(TinyWith("optimizer: { kind: adamm }"));

        // One complaint at the kind, by an enum of every optimizer: no branch of one kind speaks up for its parameters.
        var error = Assert.Single(errors, e => e.At == "/optimizer/kind");
        Assert.Equal("enum", error.Keyword);
        var listed = SchemaAt(error.SchemaAt)["enum"]!.AsArray().Select(k => (string)k!).ToList();
        Assert.Equal(Registries.Catalog.Area("optimizer").Kinds.Select(k => k.Name).ToList(), listed);
        Assert.DoesNotContain(errors, e => e.Keyword == "additionalProperties");
    }

    /// <summary>The schema node at a location JsonSchema.Net reports ("#/definitions/optimizer/...").</summary>
    static JsonNode SchemaAt(string location)
    {
        JsonNode node = JsonNode.Parse(File.ReadAllText(Committed))!;
        foreach (var part in location[(location.IndexOf('#') + 2)..].Split('/'))
            node = node is JsonArray array ? array[int.Parse(part)]! : node[part.Replace("~1", "/").Replace("~0", "~")]!;
        return node;
    }

    [Fact]
    public void A_swept_value_is_checked_against_the_field_it_sweeps()
    {
        var errors = Validate(TinyWith("sweep: { optimizer.lr: [0.1, abc] }"));

        Assert.Contains(errors, e => e.At == "/sweep/optimizer.lr/1" && e.Keyword == "type");
        Assert.DoesNotContain(errors, e => e.At == "/sweep/optimizer.lr/0");
    }

    [Fact]
    public void Every_parameter_says_its_default_where_the_editor_shows_it()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Committed))!;
        var adam = schema["definitions"]!["optimizer"]!["anyOf"]![1]!["allOf"]!.AsArray()
            .Single(branch => (string?)branch!["if"]!["properties"]!["kind"]!["pattern"] == "^adam$")!["then"]!;

        Assert.Equal("step size η (default 0.001)", (string?)adam["properties"]!["lr"]!["description"]);
        Assert.Equal(0.001, (double)adam["properties"]!["lr"]!["default"]!);
        Assert.Contains("(default 1000)", (string?)schema["properties"]!["train"]!["properties"]!["steps"]!["description"]);
    }

    [Fact]
    public void The_schema_knows_the_figure_kinds()
    {
        const string head = "name: a\nsweep: { init.kind: [zeros, normal] }\nfigures:\n";
        Assert.Empty(Validate(head + "  - { id: f, kind: bar, x: init.kind, y: train_loss, scale: { y: log } }\n"));
        Assert.Empty(Validate(head + "  - { id: f, kind: scatter, x: test_loss, y: train_loss, series: init.kind }\n"));
        Assert.NotEmpty(Validate(head + "  - { id: f, kind: scater, x: test_loss, y: train_loss }\n"));
    }

    [Fact]
    public void The_schema_accepts_shorthand_and_default_kinds()
    {
        Assert.Empty(Validate("name: a\ninit: zeros\noptimizer: { lr: 0.1 }\nloss: mse\n"));
    }
}
