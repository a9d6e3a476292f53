namespace Repro.Cli.Pipeline;

/// <summary>The CPU model and the instruction sets kernels are chosen by, from /proc/cpuinfo (Linux; null elsewhere).</summary>
public sealed record CpuInfo(string? Model, IReadOnlyList<string>? InstructionSets)
{
    /// <summary>
    /// What libtorch (ATen's AVX2 / AVX512 kernels), MKL and oneDNN dispatch on, x86 then Arm. A fixed list in a
    /// fixed order, so that the same CPU gives the same list everywhere, and the hundred other flags do not churn it.
    /// </summary>
    public static readonly IReadOnlyList<string> Relevant =
    [
        "sse4_2", "avx", "avx2", "fma", "f16c",
        "avx512f", "avx512cd", "avx512dq", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "amx_tile",
        "asimd", "sve", "sve2",
    ];

    public static CpuInfo Read()
    {
        try
        {
            return File.Exists("/proc/cpuinfo") ? Parse(File.ReadLines("/proc/cpuinfo")) : new CpuInfo(null, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CpuInfo(null, null);
        }
    }

    /// <summary>The first processor's "model name" and its "flags" (x86) or "Features" (Arm) that are <see cref="Relevant"/>.</summary>
    public static CpuInfo Parse(IEnumerable<string> lines)
    {
        string? model = null;
        HashSet<string>? flags = null;
        foreach (var line in lines)
        {
            int colon = line.IndexOf(':');
            if (colon < 0) continue;
            string key = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
            if (key == "model name") model ??= value;
            else if (key is "flags" or "Features") flags ??= [.. value.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
            if (model is not null && flags is not null) break;
        }
        return new CpuInfo(model, flags is null ? null : [.. Relevant.Where(flags.Contains)]);
    }
}
