using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// Independent random streams per trial, derived from (seed, stream name): sweeping the init never
/// changes the data, and changing the batch size never changes the init.
/// </summary>
public static class SeedStreams
{
    public const string Data = "data";
    public const string Init = "init";
    public const string Batches = "batches";

    public static ulong SeedOf(long seed, string stream)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"repro/{seed}/{stream}"));
        // 63 bits: positive whichever way libtorch reads it.
        return BinaryPrimitives.ReadUInt64LittleEndian(hash) >> 1;
    }

    public static Generator For(long seed, string stream) => new(SeedOf(seed, stream));
}
