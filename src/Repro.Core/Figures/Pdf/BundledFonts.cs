namespace Repro.Core.Figures.Pdf;

/// <summary>
/// DejaVu Sans, regular and bold, compiled into Repro.Core (fonts/DejaVuSans*.ttf, their licence beside them): the
/// PDF figures' only fonts, the same bytes on every machine. Read and checked once, on first use.
/// </summary>
public static class BundledFonts
{
    static readonly Lazy<TrueTypeFont> regular = new(() => Load("DejaVuSans.ttf"));
    static readonly Lazy<TrueTypeFont> bold = new(() => Load("DejaVuSans-Bold.ttf"));

    public static TrueTypeFont Regular => regular.Value;

    public static TrueTypeFont Bold => bold.Value;

    static TrueTypeFont Load(string file)
    {
        using var stream = typeof(BundledFonts).Assembly.GetManifestResourceStream($"Repro.Core.Fonts.{file}")
            ?? throw new InvalidOperationException($"the font {file} is not compiled into {typeof(BundledFonts).Assembly.GetName().Name}");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return TrueTypeFont.Read(bytes.ToArray(), file);
    }
}
