using NJsonSchema;
using Repro.Core.Spec;
using Repro.Core.Spec.Yaml;
using Repro.Engine.Registry;
using Repro.Tests.Support;

namespace Repro.Tests.Spec;

/// <summary>schema/spec.schema.json is what editors check specs against: current, and accepting every bundled spec.</summary>
public class SchemaTests
{
    static readonly string Committed = Repo.Path("schema", "spec.schema.json");

    static async Task<ICollection<NJsonSchema.Validation.ValidationError>> Validate(string yaml, string file = "x.yaml")
    {
        var schema = await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(Committed));
        return schema.Validate(NodeJson.ToJson(YamlReader.Read(yaml, file))!.ToJsonString());
    }

    [Fact]
    public void The_committed_schema_is_the_generated_one()
    {
        string generated = Canonical.Pretty(SpecSchema.Generate(Registries.Catalog)) + "\n";
        Assert.True(generated == File.ReadAllText(Committed),
            "schema/spec.schema.json is stale: run `dotnet run --project src/Repro.Cli -- schema > schema/spec.schema.json`");
    }

    [Fact]
    public async Task Every_bundled_spec_is_valid_against_the_schema()
    {
        foreach (var spec in Directory.GetFiles(Repo.Path("specs"), "*.yaml"))
        {
            var errors = await Validate(await File.ReadAllTextAsync(spec), spec);
            Assert.True(errors.Count == 0, $"{spec}: {string.Join("; ", errors)}");
            Assert.Contains("$schema=../schema/spec.schema.json", await File.ReadAllTextAsync(spec));
        }
    }

    [Theory]
    [InlineData("optimiser: { kind: gd }")]
    [InlineData("optimizer: { kind: gd, lr: -1 }")]
    [InlineData("optimizer: { kind: adamm }")]
    [InlineData("init: { kind: zeros, scale: 2 }")]
    [InlineData("seeds: [0, 0]")]
    public async Task The_schema_rejects_what_the_loader_rejects(string line)
    {
        string yaml = Specs.Tiny.Replace("optimizer: { kind: gd, lr: 0.05 }\n", "").Replace("init: zeros\n", "").Replace("seeds: [0, 1]\n", "") + "\n" + line + "\n";
        Assert.Throws<SpecException>(() => Specs.Parse(yaml));
        Assert.NotEmpty(await Validate(yaml));
    }

    [Fact]
    public async Task The_schema_knows_the_figure_kinds()
    {
        const string head = "name: a\nsweep: { init.kind: [zeros, normal] }\nfigures:\n";
        Assert.Empty(await Validate(head + "  - { id: f, kind: bar, x: init.kind, y: train_loss, scale: { y: log } }\n"));
        Assert.Empty(await Validate(head + "  - { id: f, kind: scatter, x: test_loss, y: train_loss, series: init.kind }\n"));
        Assert.NotEmpty(await Validate(head + "  - { id: f, kind: scater, x: test_loss, y: train_loss }\n"));
    }

    [Fact]
    public async Task The_schema_accepts_shorthand_and_default_kinds()
    {
        Assert.Empty(await Validate("name: a\ninit: zeros\noptimizer: { lr: 0.1 }\nloss: mse\n"));
    }
}
