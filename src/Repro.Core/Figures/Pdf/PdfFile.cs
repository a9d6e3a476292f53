using System.Text;

namespace Repro.Core.Figures.Pdf;

/// <summary>
/// The objects of a PDF file and its cross-reference table: objects are numbered as they are reserved or added and
/// written in number order, so the bytes depend only on what was added, in what order.
/// </summary>
public sealed class PdfFile
{
    readonly List<byte[]?> objects = [];

    /// <summary>A number for an object written later (one that refers to objects not yet numbered).</summary>
    public int Reserve()
    {
        objects.Add(null);
        return objects.Count;
    }

    public void Object(int number, string dictionary) => objects[number - 1] = Encoding.ASCII.GetBytes(dictionary);

    public int Add(string dictionary)
    {
        int number = Reserve();
        Object(number, dictionary);
        return number;
    }

    /// <summary>A stream object: <paramref name="extra"/> entries beside its /Length, the data stored as it is (no filter).</summary>
    public int Stream(string extra, byte[] data)
    {
        int number = Reserve();
        var head = Encoding.ASCII.GetBytes($"<< /Length {data.Length}{extra} >>\nstream\n");
        var tail = Encoding.ASCII.GetBytes("\nendstream");
        objects[number - 1] = [.. head, .. data, .. tail];
        return number;
    }

    public byte[] Bytes(int root, int info)
    {
        using var pdf = new MemoryStream();
        void Write(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        // The binary comment tells transfer tools the file is not text.
        Write("%PDF-1.4\n");
        pdf.Write([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);
        var offsets = new long[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            offsets[i] = pdf.Position;
            Write($"{i + 1} 0 obj\n");
            pdf.Write(objects[i] ?? throw new InvalidOperationException($"PDF object {i + 1} was reserved and never written"));
            Write("\nendobj\n");
        }
        long xref = pdf.Position;
        Write($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (long offset in offsets) Write($"{offset:D10} 00000 n \n");
        Write($"trailer\n<< /Size {objects.Count + 1} /Root {root} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }
}
