using System.Security.Cryptography;
using Repro.Core.Artifacts;

namespace Repro.Core.History;

/// <summary>
/// File contents by SHA-256 (`ab/abcdef…`), each stored once however many publishes share it, so that every
/// ledger entry's folder can be rebuilt byte for byte. Written by rename (a reader sees a whole object or none) and
/// verified on every read.
/// </summary>
public sealed class ObjectStore(string root)
{
    public string Root { get; } = root;

    string PathOf(string sha256) => Path.Combine(Root, sha256[..2], sha256);

    /// <returns>the SHA-256 the bytes are stored under</returns>
    public string Put(byte[] bytes)
    {
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string path = PathOf(sha);
        if (File.Exists(path) && new FileInfo(path).Length == bytes.LongLength) return sha;
        Publisher.WriteFile(path, bytes);
        return sha;
    }

    /// <summary>The bytes stored under <paramref name="sha256"/>; an artifact error when they are missing or damaged.</summary>
    public byte[] Get(string sha256, string what)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
            throw Fail.Artifact(Root, $"{what} names no SHA-256 ('{sha256}')");
        string path = PathOf(sha256);
        if (!File.Exists(path)) throw Fail.Artifact(path, $"{what} is missing from the history's object store (was it pruned?)");
        var bytes = File.ReadAllBytes(path);
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != sha256)
            throw Fail.Artifact(path, $"{what} is damaged: its bytes no longer hash to their name");
        return bytes;
    }
}
