using Repro.Core.Spec.Yaml;

namespace Repro.Tests.Spec.Yaml;

/// <summary>A character of a scalar's value is mapped back to where the file writes it, through quotes and escapes.</summary>
public class ScalarColumnTests
{
    static ScalarNode Value(string yaml) => (ScalarNode)((MapNode)YamlReader.Read(yaml, "x.yaml")).Entries[0].Value;

    /// <summary>The column of <paramref name="written"/> in the file and of <paramref name="read"/> in the value must agree.</summary>
    [Theory]
    [InlineData("k: a + bad\n", "bad", "bad")]
    [InlineData("k: \"a + bad\"\n", "bad", "bad")]
    [InlineData("k:   'it''s + bad'\n", "bad", "bad")]
    [InlineData("k: \"\\t\\\\ \\\"q\\\" bad\"\n", "bad", "bad")]
    [InlineData("k: \"\\u00e9\\x41\\U0001F600 bad\"\n", "bad", "bad")]
    [InlineData("{ k: \"x\", j: 2 }\n", "x", "x")]
    public void A_value_character_is_at_its_written_column(string yaml, string written, string read)
    {
        var node = Value(yaml);
        var mark = node.MarkAt(node.Text.IndexOf(read, StringComparison.Ordinal));
        Assert.Equal((1, yaml.IndexOf(written, StringComparison.Ordinal) + 1), (mark.Line, mark.Column));
    }

    [Fact]
    public void One_past_the_end_is_the_closing_quote()
    {
        var node = Value("k: 'ab'\n");
        Assert.Equal(7, node.MarkAt(node.Text.Length).Column);
    }

    [Theory]
    [InlineData("k: |\n  a + bad\n")]
    [InlineData("k: \"a +\n  bad\"\n")]
    [InlineData("k: a +\n  bad\n")]
    public void A_scalar_over_several_lines_points_at_its_start(string yaml)
    {
        var node = Value(yaml);
        Assert.Null(node.Written);
        Assert.Equal(node.Mark, node.MarkAt(node.Text.IndexOf("bad", StringComparison.Ordinal)));
    }
}
