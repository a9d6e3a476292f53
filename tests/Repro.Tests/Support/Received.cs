namespace Repro.Tests.Support;

/// <summary>
/// The received/verified convention: a test that finds a committed file out of date writes what it got as
/// NAME.received.EXT beside it; `make accept` renames every such file over its verified one.
/// </summary>
public static class Received
{
    public static string PathFor(string verifiedPath)
    {
        string dir = System.IO.Path.GetDirectoryName(verifiedPath)!;
        string file = System.IO.Path.GetFileName(verifiedPath);
        int dot = file.IndexOf('.', StringComparison.Ordinal);
        return System.IO.Path.Combine(dir, dot < 0 ? file + ".received" : $"{file[..dot]}.received{file[dot..]}");
    }
}
