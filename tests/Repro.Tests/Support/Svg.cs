using System.Xml;
using System.Xml.Linq;

namespace Repro.Tests.Support;

/// <summary>Reads rendered SVG back for tests: the document, and its text elements.</summary>
public static class Svg
{
    public static XDocument Parse(byte[] svg)
    {
        // The output carries an SVG 1.1 DOCTYPE; ignore it rather than fetch the DTD.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(svg), settings);
        return XDocument.Load(reader);
    }

    public static List<string> Texts(byte[] svg) =>
        Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
}
