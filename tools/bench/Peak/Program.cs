// peak [--pinned] [--size N] [--repeats R]
// Times R products of two N×N float64 matrices on one thread and prints one JSON line with the
// best rate (2N³ flops per product). --pinned first sets the environment `repro run` pins
// (TorchRuntime.Settings, e.g. MKL_CBWR, ATEN_CPU_CAPABILITY); without it libtorch picks its own
// kernels. Those settings are read when libtorch loads, so each mode needs its own process.
using System.Diagnostics;
using System.Globalization;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

bool pinned = args.Contains("--pinned");
long size = Option("--size", 2048);
long repeats = Option("--repeats", 5);

if (pinned) TorchRuntime.Start();
set_num_threads(1);

using var generator = new Generator(0);
using var a = randn([size, size], dtype: ScalarType.Float64, generator: generator);
using var b = randn([size, size], dtype: ScalarType.Float64, generator: generator);
using (a.mm(b)) { } // warm-up: first-call dispatch and page faults are not the peak

double best = double.PositiveInfinity;
for (long r = 0; r < repeats; r++)
{
    var clock = Stopwatch.StartNew();
    using var c = a.mm(b);
    best = Math.Min(best, clock.Elapsed.TotalSeconds);
}
double gflops = 2.0 * size * size * size / best / 1e9;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"library\": \"libtorch {TorchRuntime.LibTorchVersion} (TorchSharp {TorchRuntime.TorchSharpVersion})\", \"pinned\": {(pinned ? "true" : "false")}, \"size\": {size}, \"best_seconds\": {best:R}, \"gflops\": {gflops:F2}}}"));

long Option(string name, long fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
