using System.Text.RegularExpressions;
using System.Xml;
using Repro.Core.Spec;

namespace Repro.Core.Report;

/// <summary>
/// A published SVG made fit to sit inside the report page: checked to be one SVG document with nothing that runs
/// (no script, no foreign HTML), its prolog dropped, and a viewBox added so that CSS can scale it. Its ids are
/// already unique across the page: every figure prefixes them with its spec's and its own name.
/// </summary>
public static partial class InlineSvg
{
    [GeneratedRegex(@"^<svg\b([^>]*?)\bwidth=""(\d+(?:\.\d+)?)""\s+height=""(\d+(?:\.\d+)?)""")]
    private static partial Regex SizedRoot();

    public static string Of(string path, byte[] bytes)
    {
        string text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Check(path, text);
        string svg = text[text.IndexOf("<svg", StringComparison.Ordinal)..].TrimEnd();
        // The width and height stay (the figure's natural size); the viewBox lets the page shrink it to its column.
        return svg.Contains("viewBox=", StringComparison.Ordinal) ? svg
            : SizedRoot().Replace(svg, m => $"<svg{m.Groups[1].Value}viewBox=\"0 0 {m.Groups[2].Value} {m.Groups[3].Value}\" width=\"{m.Groups[2].Value}\" height=\"{m.Groups[3].Value}\"", 1);
    }

    static void Check(string path, string text)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            bool root = true;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (root && (reader.LocalName != "svg" || reader.NamespaceURI != "http://www.w3.org/2000/svg"))
                    throw Bad(path, $"its root is <{reader.Name}>, not an SVG <svg>");
                root = false;
                if (reader.LocalName is "script" or "foreignObject")
                    throw Bad(path, $"it holds a <{reader.LocalName}>, which the report does not inline");
            }
            if (root) throw Bad(path, "it has no root element");
        }
        catch (XmlException e)
        {
            throw new SpecException(new SpecError(new Mark(path, e.LineNumber, e.LinePosition), $"not well-formed SVG: {e.Message}", "regenerate it with `repro run`"));
        }
    }

    static SpecException Bad(string path, string why) =>
        new(new SpecError(Mark.StartOf(path), $"figure not inlined: {why}", "regenerate it with `repro run`"));
}
